package org.layerlab.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.insight.LossLandscape;
import org.layerlab.session.Session;
import org.layerlab.session.SessionSnapshot;
import org.layerlab.training.Experiment;
import org.layerlab.training.ModelFile;
import org.layerlab.training.SeedVariation;
import org.layerlab.training.Trainer;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The playground's "Loss landscape" in headless Chromium against the real server: a student trains a
 * few epochs, presses the button, and the learning-rate page draws the loss around the session's very
 * weights — its centre is the core's training loss for exactly those weights, every grid value the
 * core's — then trains on from there; Back returns to the same session with the same weights.
 */
class PlaygroundLandscapeBrowserTest extends ServerAndBrowser {

    private WebElement byId(String id) {
        return browser.driver.findElement(By.id(id));
    }

    private void awaitLandscapeDone() {
        waitUpTo(60).withMessage(() -> "land status: " + byId("land-status").getText())
                .until(d -> "idle".equals(d.findElement(By.tagName("body")).getAttribute("data-land-state"))
                        && "Done.".equals(byId("land-status").getText()));
    }

    private void assertAccessible() {
        List<String> problems = browser.seriousAccessibilityViolations();
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /**
     * Back to the playground, loaded afresh: a page the browser restored from its back-forward cache
     * still shows its old DOM ("connected", the old epoch) until it has reloaded itself, and its first
     * navigation entry says "navigate"; a fresh load says "back_forward" or "reload".
     */
    private void backToThePlayground() {
        browser.driver.navigate().back();
        waitUpTo(15).until(d -> {
            try {
                return !"navigate".equals(js("return performance.getEntriesByType('navigation')[0].type;"))
                        && "true".equals(d.findElement(By.tagName("body")).getAttribute("data-connected"));
            } catch (org.openqa.selenium.WebDriverException e) {
                return false; // between the restored page and its reload
            }
        });
    }

    /** The session's network rebuilt from its snapshot: the config's data, the session's exact weights. */
    private static Trainer sessionsNetwork(SessionSnapshot snapshot) {
        Experiment experiment = Experiment.build(snapshot.config());
        experiment.network().setParameters(snapshot.parameters());
        return experiment.trainer();
    }

    /** The grid the page holds (the job's result) equals the core's, value for value. */
    private void assertGridIs(LossLandscape.Result core) {
        @SuppressWarnings("unchecked")
        List<Object> losses = (List<Object>) js("return window.layerlab.landscape.losses;");
        assertEquals(core.resolution() * core.resolution(), losses.size());
        for (int k = 0; k < losses.size(); k++) {
            assertEquals(core.losses()[k], ((Number) losses.get(k)).doubleValue(), 0, "grid point " + k);
        }
    }

    @Test
    void theLandscapeIsDrawnThroughTheSessionsWeightsAndBackResumesTheSession() throws Exception {
        openPlayground("/");
        String token = resumeToken();
        Session session = serverSession();
        // train five epochs with the keyboard
        WebElement step = byId("step-epoch");
        for (int i = 0; i < 5; i++) {
            step.sendKeys(Keys.ENTER);
            int epochs = i + 1;
            waitUpTo(10).until(d -> number("epoch") == epochs);
        }
        SessionSnapshot before = snapshot();
        assertEquals(5, before.epoch());
        assertEquals("circle", before.config().data().dataset());

        byId("open-landscape").sendKeys(Keys.ENTER);
        waitUpTo(15).until(d -> d.getCurrentUrl().endsWith("/learning-rate#landscape"));
        awaitLandscapeDone();
        assertNull(js("return window.sessionStorage.getItem('layerlab.landscapeModel');"), "taken once");
        assertEquals("Your playground network — circle, 2-4-2-1 tanh, epoch 5", byId("land-source-text").getText());
        assertFalse(byId("land-seed").isDisplayed(), "the seed has no say over the playground's network");

        // the centre is the core's training loss at the session's exact weights, bit for bit
        Trainer trainer = sessionsNetwork(before);
        double centre = trainer.evaluateTrain().loss();
        assertEquals(centre, Double.parseDouble(byId("land-centre").getAttribute("data-value")), 0);
        assertEquals(centre, Double.parseDouble(byId("land-centre").getText()), Math.abs(centre) * 5e-4,
                "shown to its digits: " + byId("land-centre").getText());
        assertEquals("Loss at your network's weights (centre)", byId("land-centre-label").getText());
        ModelFile model = ModelFile.of(trainer.network(), before.config().features());
        LossLandscape.Result core = LossLandscape.compute(new LossLandscape.Spec(before.config(), before.config().seed(),
                SeedVariation.WEIGHTS, 0, LossLandscape.Directions.RANDOM, 1, 1, 41, LossLandscape.DEFAULT_PATH_POINTS),
                model, null);
        assertEquals(centre, core.centreLoss(), 0);
        assertGridIs(core);
        assertTrue(byId("land-note").getText().startsWith("No path: the plane goes through your playground network's"),
                byId("land-note").getText());

        // no path yet, so no principal directions: the choice is disabled and the page says why
        WebElement pca = byId("land-directions").findElement(By.cssSelector("option[value=pca]"));
        assertFalse(pca.isEnabled());
        assertEquals("Principal directions need a training path: train on for at least 1 epoch.",
                byId("land-directions-hint").getText());
        assertAccessible();

        // train on 20 epochs along the principal directions, by keyboard
        WebElement trainOn = byId("land-train-on");
        trainOn.sendKeys(Keys.chord(Keys.CONTROL, "a"), "20");
        waitUpTo(5).until(d -> pca.isEnabled());
        new Select(byId("land-directions")).selectByValue("pca");
        byId("land-run").sendKeys(Keys.ENTER);
        waitUpTo(10).until(d -> !"Done.".equals(byId("land-status").getText()));
        awaitLandscapeDone();
        LossLandscape.Result onward = LossLandscape.compute(new LossLandscape.Spec(before.config(),
                before.config().seed(), SeedVariation.WEIGHTS, 20, LossLandscape.Directions.PCA, 1, 1, 41,
                LossLandscape.DEFAULT_PATH_POINTS), model, null);
        assertEquals(onward.centreLoss(), Double.parseDouble(byId("land-centre").getAttribute("data-value")), 0);
        assertEquals("Loss after 20 more epochs (centre)", byId("land-centre-label").getText());
        Trainer trainedOn = sessionsNetwork(before);
        trainedOn.trainEpochs(20);
        assertEquals(trainedOn.evaluateTrain().loss(), onward.centreLoss(), 0,
                "the centre: the session's network trained 20 more epochs by a trainer of its config");
        assertGridIs(onward);
        assertEquals(1 - onward.path().residualFraction(),
                Double.parseDouble(byId("land-fit").getAttribute("data-value")), 1e-15);
        assertTrue(byId("land-note").getText().startsWith("The path starts at your playground network (the larger dot)"
                + " and ends at the centre, after 20 more epochs"), byId("land-note").getText());
        assertAccessible();

        // Back: the playground resumes its session, paused, with the very weights the landscape was drawn through
        backToThePlayground();
        assertTrue(browser.driver.getCurrentUrl().startsWith(base + "/#"), browser.driver.getCurrentUrl());
        waitUpTo(10).until(d -> number("epoch") == 5);
        assertEquals(token, resumeToken(), "the tab resumed with its token");
        assertSame(session, serverSession(), "the same session");
        SessionSnapshot after = snapshot();
        assertArrayEquals(before.parameters(), after.parameters(), 0, "the very same weights");
        assertEquals(5, after.epoch());
        assertEquals(before.config(), after.config());
        assertEquals("false", browser.driver.findElement(By.tagName("body")).getAttribute("data-running"));
        // ... and it is live, not a picture of the page as it was left: one more epoch trains on the server
        byId("step-epoch").sendKeys(Keys.ENTER);
        waitUpTo(10).until(d -> number("epoch") == 6);
        assertEquals(6, snapshot().epoch());
    }

    @Test
    void aRunningNetworkIsPausedFirstAndUploadedPointsAreExplainedNotSent() throws Exception {
        openPlayground("/");
        byId("play-pause").click();
        waitUpTo(20).until(d -> number("epoch") > 20);
        byId("open-landscape").click();
        waitUpTo(15).until(d -> d.getCurrentUrl().endsWith("/learning-rate#landscape"));
        awaitLandscapeDone();
        // the epoch named is the one the session stopped at: what the student finds on return
        SessionSnapshot paused = snapshot();
        assertEquals("Your playground network — circle, 2-4-2-1 tanh, epoch " + String.format("%,d", paused.epoch()),
                byId("land-source-text").getText());
        assertEquals(sessionsNetwork(paused).evaluateTrain().loss(),
                Double.parseDouble(byId("land-centre").getAttribute("data-value")), 0);

        // "Use the form's run instead" brings the seed back
        byId("land-forget").sendKeys(Keys.ENTER);
        waitUpTo(5).until(d -> byId("land-seed").isDisplayed());
        assertFalse(byId("land-source").isDisplayed());

        // back in the playground the run is paused at that epoch (pressing the button paused it)
        backToThePlayground();
        waitUpTo(10).until(d -> number("epoch") == paused.epoch()
                && "false".equals(d.findElement(By.tagName("body")).getAttribute("data-running")));
        assertArrayEquals(paused.parameters(), snapshot().parameters(), 0);

        // uploaded points make the data the student's own, which the landscape page cannot see
        java.nio.file.Path points = java.nio.file.Files.createTempFile("points", ".csv");
        StringBuilder csv = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 40; i++) {
            double x = -5 + i * 0.25;
            csv.append(x).append(',').append(i % 7 - 3).append(',').append(x > 0 ? 1 : -1).append('\n');
        }
        java.nio.file.Files.writeString(points, csv.toString());
        try {
            byId("upload-points").sendKeys(points.toString());
        } finally {
            points.toFile().deleteOnExit();
        }
        waitUpTo(10).until(d -> {
            try {
                return snapshot().config().data().isCustom();
            } catch (Exception e) {
                return false;
            }
        });
        byId("open-landscape").click();
        waitUpTo(5).until(d -> byId("message-text").getText().contains("The loss landscape is measured on a built-in"
                + " data set"));
        assertTrue(browser.driver.getCurrentUrl().startsWith(base + "/#") || browser.driver.getCurrentUrl()
                .equals(base + "/"), "still in the playground: " + browser.driver.getCurrentUrl());
        assertNull(js("return window.sessionStorage.getItem('layerlab.landscapeModel');"), "nothing handed over");
    }
}
