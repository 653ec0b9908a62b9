package org.layerlab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.layerlab.e2e.DimensionsBrowserTest.assertShown;
import static org.layerlab.e2e.DimensionsBrowserTest.shownNumbers;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.NoiseFeatureExperiment;
import org.layerlab.training.SeedVariation;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The dimensions page's noise-feature experiment in headless Chromium: Measure runs it on the
 * server, and every figure the page shows — the table, the sentences — is the Java core's
 * ({@link NoiseFeatureExperiment}) for the same request, read back from the page's text.
 */
class DimensionsNoiseBrowserTest extends ServerAndBrowser {

    private String text(String id) {
        return browser.driver.findElement(By.id(id)).getText();
    }

    private WebElement section() {
        return browser.driver.findElement(By.cssSelector("section.dim-noise"));
    }

    /** Opens the page with a cheap measurement of its own at the top, and waits for that. */
    private void openDimensions() {
        browser.driver.get(base + "/dimensions#n=40&from=1&to=10&seed=1&n1=10");
        waitUpTo(30).until(d -> "ready".equals(d.findElement(By.tagName("body")).getAttribute("data-state")));
        assertEquals("idle", section().getAttribute("data-state"));
    }

    private void waitForNoiseMeasured(String key) {
        waitUpTo(90).withMessage(() -> "status: " + text("noise-status") + "; measured "
                + section().getAttribute("data-measured")).until(d ->
                "ready".equals(section().getAttribute("data-state")) && key.equals(section().getAttribute("data-measured")));
    }

    private void type(String id, String value) {
        WebElement input = browser.driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }

    /** Every cell of the table against the core's row; the diverged count exactly. */
    private void assertTableIs(NoiseFeatureExperiment.Result core) {
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#noise-body tr"));
        assertEquals(core.rows().size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            NoiseFeatureExperiment.Row expected = core.rows().get(i);
            WebElement row = rows.get(i);
            String d = String.valueOf(expected.noiseFeatures());
            assertEquals(d, row.getAttribute("data-d"));
            assertEquals(d, row.findElement(By.tagName("th")).getText());
            List<WebElement> cells = row.findElements(By.tagName("td"));
            assertShown(expected.testLoss().median(), cells.get(0).getText(), 0, "median test loss, d = " + d);
            assertShown(expected.testLoss().min(), cells.get(1).getText(), 0, "smallest test loss, d = " + d);
            assertShown(expected.testLoss().max(), cells.get(1).getText(), 1, "largest test loss, d = " + d);
            assertShown(expected.trainLoss().median(), cells.get(2).getText(), 0, "median training loss, d = " + d);
            assertShown(expected.testAccuracy().median(), cells.get(3).getText(), 0, "median test accuracy, d = " + d);
            assertEquals(expected.diverged() + " of " + expected.runs().size(), cells.get(4).getText());
        }
    }

    @Test
    void measureShowsTheCoresFiguresForTheDefaultRequest() throws InterruptedException {
        openDimensions();
        assertEquals("circle, inputs x₁ and x₂, hidden layers of 4 and 2 tanh neurons, learning rate 0.03, batch 10",
                text("noise-network"), "the page describes the default network before measuring");
        assertEquals(0, browser.driver.findElements(By.cssSelector("#noise-body tr")).size(), "no figures before");
        WebElement measure = browser.driver.findElement(By.id("noise-measure"));
        js("arguments[0].scrollIntoView({block: 'center'});", measure);
        measure.click();
        waitForNoiseMeasured("0,2,10,50|500|10|300|1");

        NoiseFeatureExperiment.Result core = NoiseFeatureExperiment.run(
                NoiseFeatureExperiment.Spec.defaults(ExperimentConfig.defaults()), 2, null);
        assertTableIs(core);
        assertEquals("Final losses after 300 epochs, seeds 1 to 10, 500 points (250 for training)", text("noise-caption"));
        assertTrue(text("noise-status").startsWith("Measured 40 runs (4 values of d × 10 seeds × 300 epochs) in "),
                text("noise-status"));

        // the sentences quote the live numbers: the median test loss at every d …
        String summary = text("noise-summary");
        assertTrue(summary.startsWith("The median test loss rises from "), summary);
        List<double[]> numbers = shownNumbers(summary);
        // from L0 with no noise features to L2 with 2 noise features, L10 with 10 and L50 with 50. …
        assertShown(core.row(0).testLoss().median(), summary, 0, "d = 0 in the sentence");
        assertShown(core.row(2).testLoss().median(), summary, 1, "d = 2 in the sentence");
        assertEquals(2, numbers.get(2)[1]);
        assertShown(core.row(10).testLoss().median(), summary, 3, "d = 10 in the sentence");
        assertEquals(10, numbers.get(4)[1]);
        assertShown(core.row(50).testLoss().median(), summary, 5, "d = 50 in the sentence");
        assertEquals(50, numbers.get(6)[1]);
        // … and where the accuracy is lost: "With 10 noise features the median test accuracy is A (B with no
        // noise features), while the median training loss, T, is well below the test loss: … its 250 training points."
        int with = summary.indexOf("With ");
        assertTrue(with > 0, summary);
        String lost = summary.substring(with);
        assertTrue(lost.startsWith("With 10 noise features the median test accuracy is "), lost);
        assertShown(core.row(10).testAccuracy().median(), lost, 1, "accuracy at d = 10");
        assertShown(core.row(0).testAccuracy().median(), lost, 2, "accuracy at d = 0");
        assertShown(core.row(10).trainLoss().median(), lost, 3, "training loss at d = 10");
        assertTrue(lost.endsWith("the network fits the noise of its 250 training points."), lost);

        // the chart has a point per d and is drawn
        WebElement chart = browser.driver.findElement(By.id("noise-chart"));
        assertEquals("4", chart.getAttribute("data-points"));
        Object painted = js("const c = document.querySelector('#noise-chart canvas');"
                + "const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let n = 0; for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++; return n;");
        assertTrue(((Number) painted).longValue() > 2000, "the chart is drawn: " + painted);

        List<String> problems = browser.seriousAccessibilityViolations();
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theFormWorksByKeyboardAndCancelStopsAMeasurement() throws InterruptedException {
        openDimensions();
        // Tab from the chosen-d select (the last control above) to the noise form's first field
        browser.driver.findElement(By.id("chosen-d")).sendKeys(Keys.TAB);
        for (int i = 0; i < 10 && !"noise-ds".equals(js("return document.activeElement.id;")); i++) {
            browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        assertEquals("noise-ds", js("return document.activeElement.id;"), "Tab reaches the noise features field");
        browser.driver.switchTo().activeElement().sendKeys(Keys.chord(Keys.CONTROL, "a"), "12, 0 3", Keys.TAB);
        for (String value : List.of("200", "4", "60", "2")) { // points, seeds, epochs, first seed
            browser.driver.switchTo().activeElement().sendKeys(Keys.chord(Keys.CONTROL, "a"), value, Keys.TAB);
        }
        assertEquals("noise-measure", js("return document.activeElement.id;"), "then Tab reaches Measure");
        browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        waitForNoiseMeasured("0,3,12|200|4|60|2");
        assertEquals("0, 3, 12", browser.driver.findElement(By.id("noise-ds")).getAttribute("value"),
                "the values are written back sorted");
        ExperimentConfig config = ExperimentConfig.fromJson("{\"seed\": 2, \"data\": {\"samples\": 200}}");
        NoiseFeatureExperiment.Result core = NoiseFeatureExperiment.run(new NoiseFeatureExperiment.Spec(config,
                List.of(0, 3, 12), 4, 60, SeedVariation.WEIGHTS_AND_DATA), 2, null);
        assertTableIs(core);
        assertEquals("Final losses after 60 epochs, seeds 2 to 5, 200 points (100 for training)", text("noise-caption"));
        assertShown(core.row(0).testLoss().median(), text("noise-summary"), 0, "the sentence's first median");

        // a long measurement, then Cancel — reached by Tab from Measure — stops it
        type("noise-ds", "0, 50");
        type("noise-seeds", "20");
        type("noise-epochs", "5000");
        WebElement measure = browser.driver.findElement(By.id("noise-measure"));
        measure.sendKeys(Keys.ENTER);
        waitUpTo(10).until(d -> "measuring".equals(section().getAttribute("data-state"))
                && d.findElement(By.id("noise-cancel")).isDisplayed());
        assertEquals("true", browser.driver.findElement(By.id("noise-results")).getAttribute("aria-busy"));
        browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
        assertEquals("noise-cancel", js("return document.activeElement.id;"));
        browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        waitUpTo(10).until(d -> "idle".equals(section().getAttribute("data-state")));
        assertEquals("Cancelled.", text("noise-status"));
        assertEquals("noise-measure", js("return document.activeElement.id;"), "focus goes back to Measure");
        assertEquals("0,3,12|200|4|60|2", section().getAttribute("data-measured"), "the last result stays");
        assertTableIs(core);
    }

    @Test
    void badValuesAreNamedAndTheServersLimitIsShown() {
        openDimensions();
        type("noise-ds", "0, 60");
        browser.driver.findElement(By.id("noise-measure")).click();
        waitUpTo(5).until(d -> "error".equals(section().getAttribute("data-state")));
        assertEquals("Noise features d must be whole numbers from 0 to 50, separated by commas; got “0, 60”.",
                text("noise-status"));
        assertEquals("true", browser.driver.findElement(By.id("noise-ds")).getAttribute("aria-invalid"));

        // each value allowed, too much work together: the server refuses, naming its limit and the field
        type("noise-ds", "0, 50");
        type("noise-points", "5000");
        type("noise-seeds", "50");
        type("noise-epochs", "5000");
        browser.driver.findElement(By.id("noise-measure")).click();
        waitUpTo(20).until(d -> text("noise-status").startsWith("The server refused: this experiment is too large"
                + " for the shared server"));
        assertTrue(text("noise-status").contains("at most 1.5e+10 allowed"), text("noise-status"));
        assertEquals(null, browser.driver.findElement(By.id("noise-ds")).getAttribute("aria-invalid"));
        assertEquals("true", browser.driver.findElement(By.id("noise-seeds")).getAttribute("aria-invalid"));
        List<String> problems = browser.seriousAccessibilityViolations();
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
