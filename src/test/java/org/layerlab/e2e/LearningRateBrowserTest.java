package org.layerlab.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.insight.LossLandscape;
import org.layerlab.session.SessionSnapshot;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.LearningRateSweep;
import org.layerlab.training.SeedMinima;
import org.layerlab.training.SeedVariation;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The learning-rate page in headless Chromium against the real server: a student runs a small sweep,
 * trains a few seeds and opens one in the playground, and draws a landscape — and every number the
 * page shows is the Java core's for the same request.
 */
class LearningRateBrowserTest extends ServerAndBrowser {

    /** What the page sends for its W1 preset (seed 1, the playground's defaults). */
    private static final ExperimentConfig W1 = ExperimentConfig.fromJson("{\"seed\": 1, \"data\": {\"dataset\": \"circle\","
            + " \"noise\": 0}, \"features\": [\"x1\", \"x2\"], \"network\": {\"hidden\": [4, 2], \"activation\": \"tanh\"},"
            + " \"training\": {\"learningRate\": 0.03, \"batchSize\": 10}}");

    private void openPage() {
        browser.driver.get(base + "/learning-rate");
        waitUpTo(15).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    private WebElement byId(String id) {
        return browser.driver.findElement(By.id(id));
    }

    private void type(String id, String value) {
        WebElement input = byId(id);
        input.clear();
        input.sendKeys(value);
    }

    /** Waits until the part's job has run and its status says so. */
    private void awaitDone(String part) {
        waitUpTo(60).withMessage(() -> part + " status: " + byId(part + "-status").getText())
                .until(d -> "Done.".equals(byId(part + "-status").getText()));
    }

    private double value(WebElement element) {
        return Double.parseDouble(element.getAttribute("data-value"));
    }

    /** The shown text is the value to the digits shown (four significant digits). */
    private static void assertShows(double expected, String text) {
        double shown = Double.parseDouble(text);
        assertEquals(expected, shown, Math.abs(expected) * 5e-4, "shown " + text + " for " + expected);
    }

    private void assertAccessible() {
        List<String> problems = browser.seriousAccessibilityViolations();
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void aSmallSweepShowsTheCoresMediansAndVerdict() throws Exception {
        openPage();
        type("sweep-min", "0.01");
        type("sweep-max", "1");
        type("sweep-per-decade", "2");
        type("sweep-seeds", "2");
        type("epochs", "30");
        byId("sweep-run").click();
        awaitDone("sweep");

        LearningRateSweep.Result core = LearningRateSweep.run(new LearningRateSweep.Spec(W1, 0.01, 1, 2, 2, 30,
                SeedVariation.WEIGHTS), 2, null);
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#sweep-table-body tr"));
        assertEquals(5, rows.size());
        for (int r = 0; r < 5; r++) {
            LearningRateSweep.RatePoint point = core.points().get(r);
            WebElement row = rows.get(r);
            assertEquals(point.rate(), Double.parseDouble(row.getAttribute("data-rate")), 0);
            WebElement median = row.findElements(By.tagName("td")).get(0);
            assertEquals(point.medianTestLoss(), value(median), 0, "rate " + point.rate());
            assertShows(point.medianTestLoss(), median.getAttribute("textContent"));
            assertEquals("0/2", row.findElements(By.tagName("td")).get(2).getAttribute("textContent"));
        }
        LearningRateSweep.Verdict verdict = core.verdict(true);
        assertEquals(verdict.bestRate(), value(byId("sweep-best-rate")), 0);
        assertEquals(verdict.bestMedian(), value(byId("sweep-best-loss")), 0);
        assertShows(verdict.bestMedian(), byId("sweep-best-loss").getText());
        assertEquals(verdict.goodFrom(), value(byId("sweep-good-from")), 0);
        assertEquals(verdict.goodTo(), value(byId("sweep-good-to")), 0);
        assertEquals("0", byId("sweep-diverged").getText());
        assertEquals("5", byId("sweep-chart").getAttribute("data-rates"), "the chart drew every rate");

        // the training loss, chosen in the page, is the core's too
        new Select(byId("sweep-loss")).selectByValue("train");
        waitUpTo(5).until(d -> byId("sweep-verdict").getText().contains("training loss"));
        assertEquals(core.verdict(false).bestMedian(), value(byId("sweep-best-loss")), 0);
        assertAccessible();
    }

    @Test
    void aSeedOpensInThePlaygroundWithItsTrainedWeights() throws Exception {
        openPage();
        type("minima-seeds", "3");
        type("epochs", "40");
        // keyboard only: focus the run button and press Enter
        byId("minima-run").sendKeys(Keys.ENTER);
        awaitDone("minima");

        SeedMinima.Result core = SeedMinima.run(new SeedMinima.Spec(W1, 3, 40, SeedVariation.WEIGHTS), 1, null);
        assertEquals(core.testLoss().min(), value(byId("minima-test-min")), 0);
        assertEquals(core.testLoss().median(), value(byId("minima-test-median")), 0);
        assertEquals(core.testLoss().max(), value(byId("minima-test-max")), 0);
        assertShows(core.testLoss().median(), byId("minima-test-median").getText());
        assertEquals(core.trainLoss().median(), value(byId("minima-train-median")), 0);
        assertEquals("0", byId("minima-diverged").getText());

        // the plot answers the arrow keys: the first seed, then the second
        WebElement chart = byId("minima-chart");
        chart.sendKeys(Keys.ARROW_RIGHT);
        waitUpTo(5).until(d -> byId("minima-readout").getText().startsWith("Seed 1: test loss"));
        chart.sendKeys(Keys.ARROW_RIGHT);
        waitUpTo(5).until(d -> byId("minima-readout").getText().startsWith("Seed 2: test loss"));
        assertFalse(byId("minima-open").getAttribute("disabled") != null, "the chosen seed can be opened");
        assertAccessible();

        byId("minima-open").click();
        waitUpTo(15).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-connected")));
        double[] expected = core.runs().get(1).parameters();
        waitUpTo(15).withMessage(() -> "the playground's network is not seed 2's")
                .until(d -> {
                    try {
                        return java.util.Arrays.equals(expected, snapshot().parameters());
                    } catch (Exception e) {
                        return false;
                    }
                });
        SessionSnapshot snapshot = snapshot();
        assertArrayEquals(expected, snapshot.parameters(), 0);
        assertEquals(1, snapshot.config().seed(), "the run's data: the config's seed");
        assertEquals("circle", snapshot.config().data().dataset());
        assertEquals(0, snapshot.epoch());
        assertNull(js("return window.sessionStorage.getItem('layerlab.openModel');"), "handed over once");
        assertTrue(browser.driver.getCurrentUrl().contains("/#seed=1&dataset=circle"), browser.driver.getCurrentUrl());
    }

    @Test
    void theLandscapeIsDrawnAroundTheCoresCentreValue() throws Exception {
        openPage();
        type("epochs", "30");
        type("land-seed", "2");
        new Select(byId("land-resolution")).selectByValue("21");
        byId("land-run").click();
        awaitDone("land");

        LossLandscape.Result core = LossLandscape.compute(LossLandscape.parse("{\"config\": " + W1.toJson()
                + ", \"seed\": 2, \"epochs\": 30, \"resolution\": 21}", NetworkLimits.DEFAULT), null);
        assertEquals(core.centreLoss(), value(byId("land-centre")), 0);
        assertShows(core.centreLoss(), byId("land-centre").getText());
        assertEquals(1 - core.path().residualFraction(), value(byId("land-fit")), 1e-15);
        assertTrue(byId("land-note").getText().startsWith("Random directions: the plane holds only"));

        // painted: the centre of the map is not the empty background
        Object painted = js("const c = document.getElementById('land-canvas');"
                + "const p = c.getContext('2d').getImageData(c.width / 2 + 20, c.height / 2, 1, 1).data;"
                + "return p[3] === 255 && !(p[0] === 244 && p[1] === 246 && p[2] === 248);");
        assertEquals(Boolean.TRUE, painted);

        // the cross-hair follows the keyboard: Home is the centre, two steps right is α_12
        WebElement map = byId("land-canvas");
        map.sendKeys(Keys.HOME);
        waitUpTo(5).until(d -> byId("land-readout").getText().startsWith("α = 0, β = 0: loss"));
        map.sendKeys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
        double loss = core.loss(12, 10);
        waitUpTo(5).until(d -> byId("land-readout").getText().startsWith("α = 0.200, β = 0: loss "));
        String shown = byId("land-readout").getText().replaceFirst(".*loss ", "");
        assertShows(loss, shown);
        assertAccessible();
    }
}
