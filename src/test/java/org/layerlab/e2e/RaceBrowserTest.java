package org.layerlab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.layerlab.training.Race;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The race page in headless Chromium against the real server: a student sets up races, watches one
 * seed live and repeats the race over seeds; every number the page shows is checked against
 * {@link Race#run} and {@link Race#runOne}, computed here independently of the server.
 */
class RaceBrowserTest extends ServerAndBrowser {

    /** Opens /race and waits until the default circle race stands at the start line. */
    private void openRacePage() {
        browser.driver.get(base + "/race");
        waitUpTo(15).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-connected")));
        waitUpTo(15).until(d -> d.findElements(By.cssSelector(".contestant-card")).size() == 4);
    }

    private WebElement byId(String id) {
        return browser.driver.findElement(By.id(id));
    }

    private String body(String attribute) {
        return browser.driver.findElement(By.tagName("body")).getAttribute(attribute);
    }

    private void assertStatisticsShown(Race.Result expected) {
        RaceTables.assertStatistics(browser.driver, expected, true);
    }

    private void screenshot(String name) throws Exception {
        String folder = System.getProperty("layerlab.screenshots");
        if (folder != null) {
            // The whole page: as tall as its content.
            long height = (Long) js("return Math.ceil(document.documentElement.scrollHeight);");
            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1366, (int) height + 140));
            Thread.sleep(400); // the chart and the maps follow the new size
            Files.createDirectories(Path.of(folder));
            Files.write(Path.of(folder, name), browser.driver.getScreenshotAs(OutputType.BYTES));
        }
    }

    @Test
    void theDefaultCircleRaceOverTwentySeedsShowsTheFiguresOfTheExperimentCommand() throws Exception {
        Race.Spec spec = Race.defaultRace("circle");
        Race.Result expected = Race.run(spec, 2, null);

        openRacePage();
        assertEquals("Run over 20 seeds", byId("repeat-run").getText());
        long start = System.nanoTime();
        byId("repeat-run").click();
        waitUpTo(60).withMessage(() -> "repeat state: " + byId("repeat-state").getText())
                .until(d -> byId("repeat-results").isDisplayed()
                        && byId("repeat-results").getAttribute("data-stale") == null);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "race page: the 20-seed circle race took %.2f s from the click to the table;"
                + " the page says: %s%n", seconds, byId("repeat-state").getText());

        assertTrue(byId("repeat-state").getText().startsWith("Done: 80 runs in "), byId("repeat-state").getText());
        assertEquals("80", byId("repeat-progress").getAttribute("value"));
        assertStatisticsShown(expected);
        assertEquals("80", byId("distribution").getAttribute("data-dots"), "one dot per contestant and seed");
        assertEquals(20, browser.driver.findElements(By.cssSelector("#seed-body tr")).size());
        RaceTables.assertSeedTable(browser.driver, expected);

        // The ratio relative to another contestant: median ÷ that contestant's median.
        new Select(byId("ratio-reference")).selectByVisibleText("relu");
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#stats-body tr"));
        double reluMedian = expected.standings().get(2).median();
        for (int c = 0; c < 4; c++) {
            double ratio = expected.standings().get(c).median() / reluMedian;
            WebElement cell = rows.get(c).findElement(By.cssSelector("td[data-kind='ratio']"));
            assertEquals(String.format(Locale.ROOT, "%.2f", ratio), cell.getText());
            assertEquals(ratio, RaceTables.shownValue(cell));
        }
        screenshot("race-repeat.png");

        // Clicking relu's dot of seed 5 plays seed 5 live: its card shows the epoch the table has for it.
        new Select(byId("live-speed")).selectByValue("0");
        browser.driver.findElement(By.cssSelector("circle.dot[data-contestant='2'][data-seed='5']")).click();
        waitUpTo(10).until(d -> "5".equals(d.findElement(By.id("live-seed")).getAttribute("value")));
        waitUpTo(60).until(d -> "true".equals(body("data-finished"))
                && "5".equals(d.findElement(By.id("live-seed")).getAttribute("value")));
        List<WebElement> cards = browser.driver.findElements(By.cssSelector(".contestant-card"));
        for (int c = 0; c < 4; c++) {
            Race.Run run = expected.standings().get(c).runs().get(4);
            assertEquals(5, run.seed());
            assertEquals(Integer.toString(run.epochsToTarget()), cards.get(c).getAttribute("data-reached-at"),
                    "seed 5, contestant " + c + ": live as in the repeat");
        }
    }

    @Test
    void aLiveRaceOnOneSeedShowsTheEpochsToTargetOfRunOneWithACurveAndAMapEach() throws Exception {
        Race.Spec spec = Race.defaultRace("circle");
        long seed = 3;
        List<Race.Run> expected = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            expected.add(Race.runOne(spec, c, seed));
        }

        openRacePage();
        new Select(byId("live-speed")).selectByValue("300");
        WebElement seedField = byId("live-seed");
        seedField.clear();
        seedField.sendKeys(Long.toString(seed));
        byId("live-load-seed").click();
        waitUpTo(10).until(d -> d.findElement(By.id("live-seed")).getAttribute("value").equals("3")
                && "paused".equals(d.findElement(By.id("live-play")).getAttribute("data-state"))
                && !"0".equals(body("data-live-id")) && body("data-live-id") != null
                && Integer.parseInt(body("data-live-id")) >= 2);
        byId("live-play").click();
        waitUpTo(60).withMessage(() -> "live state: " + byId("live-state").getText() + " at epoch "
                        + byId("live-epoch").getText())
                .until(d -> "true".equals(body("data-finished")));

        int slowest = 0;
        List<WebElement> cards = browser.driver.findElements(By.cssSelector(".contestant-card"));
        for (int c = 0; c < 4; c++) {
            Race.Run run = expected.get(c);
            WebElement card = cards.get(c);
            assertTrue(run.reached(), "the default circle race reaches the target on seed 3: " + run);
            assertEquals("reached", card.getAttribute("data-status"), spec.contestants().get(c).name());
            assertEquals(Integer.toString(run.epochsToTarget()), card.getAttribute("data-reached-at"),
                    spec.contestants().get(c).name());
            assertEquals("Reached the target at epoch " + run.epochsToTarget(),
                    card.findElement(By.className("card-status")).getText().replace("✓ ", ""));
            assertEquals("true", byId("map-" + c).getAttribute("data-drawn"), "map " + c + " drawn");
            slowest = Math.max(slowest, run.epochsTrained());
        }
        // Lock-step: the race ends when the slowest contestant reaches the target.
        assertEquals(Integer.toString(slowest), byId("live-epoch").getText());
        assertEquals("Finished: 4 of 4 reached the target", byId("live-state").getText());
        assertEquals("Replay", byId("live-play").getText());
        waitUpTo(5).until(d -> "4".equals(d.findElement(By.id("race-chart")).getAttribute("data-curves")));
        // Every epoch from the start (0) to the slowest finish is a point of the curves (no thinning below 2,000).
        assertEquals(Integer.toString(slowest + 1), byId("race-chart").getAttribute("data-points"));
        screenshot("race-live.png");
    }

    /** A custom race as the form builds it: circle, 4-2 tanh, contestants η 0.01, 0.03, 0.1, 0.3. */
    private static Race.Spec learningRateRace(int seeds, int maxEpochs) {
        StringBuilder contestants = new StringBuilder();
        String[] rates = {"0.01", "0.03", "0.1", "0.3"};
        for (String rate : rates) {
            contestants.append(contestants.length() == 0 ? "" : ", ").append("{\"name\": \"η ").append(rate)
                    .append("\", \"overrides\": {\"training\": {\"learningRate\": ").append(rate).append("}}}");
        }
        return Race.parse("{\"base\": {\"seed\": 1, \"data\": {\"dataset\": \"circle\"}, \"features\": [\"x1\", \"x2\"],"
                + " \"network\": {\"hidden\": [4, 2], \"activation\": \"tanh\", \"init\": \"playground\"},"
                + " \"training\": {\"learningRate\": 0.03, \"batchSize\": 10, \"optimizer\": \"sgd\"}},"
                + " \"contestants\": [" + contestants + "], \"target\": 0.05, \"maxEpochs\": " + maxEpochs
                + ", \"seeds\": " + seeds + ", \"evalEvery\": 1}");
    }

    private void press(CharSequence... keys) {
        new Actions(browser.driver).sendKeys(keys).perform();
    }

    private String focusedId() {
        return (String) js("return document.activeElement && document.activeElement.id;");
    }

    /** Tabs forward until the element {@code id} has focus (at most 60 presses). */
    private List<String> tabTo(String id) {
        List<String> passed = new ArrayList<>();
        for (int i = 0; i < 60 && !id.equals(focusedId()); i++) {
            press(Keys.TAB);
            passed.add(focusedId());
        }
        assertEquals(id, focusedId(), "Tab reaches #" + id + "; passed " + passed);
        return passed;
    }

    @Test
    void aCustomRaceIsBuiltRunAndWatchedByKeyboardAloneAndThePageIsAccessible() throws Exception {
        Race.Spec spec = learningRateRace(3, 300);
        Race.Result expected = Race.run(spec, 2, null);

        openRacePage();
        js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
        List<String> order = tabTo("race-preset");
        assertEquals("", order.get(0), "the skip link comes first (it has no id): " + order);
        // Custom race: the last option; the form reveals the shared network and the contestants.
        press(Keys.END);
        waitUpTo(5).until(d -> d.findElement(By.id("custom-contestants")).isDisplayed());
        tabTo("setting");
        press(Keys.DOWN, Keys.DOWN, Keys.DOWN); // activation → init → optimizer → learning rate
        waitUpTo(5).until(d -> "learningRate".equals(d.findElement(By.id("setting")).getAttribute("value")));
        assertEquals("0.01", byId("contestant-0").getAttribute("value"));
        assertEquals("0.3", byId("contestant-3").getAttribute("value"));
        assertTrue(!byId("base-learning-rate").isEnabled(), "the setting under test is set per contestant");
        tabTo("max-epochs");
        press(Keys.chord(Keys.CONTROL, "a"), "300", Keys.TAB);
        assertEquals("seeds", focusedId());
        press(Keys.chord(Keys.CONTROL, "a"), "3", Keys.TAB);
        tabTo("apply-race");
        press(Keys.ENTER);
        waitUpTo(10).until(d -> d.findElements(By.cssSelector(".contestant-card h3")).stream()
                .map(WebElement::getText).toList().equals(List.of("η 0.01", "η 0.03", "η 0.1", "η 0.3")));
        tabTo("repeat-run");
        assertEquals("Run over 3 seeds", byId("repeat-run").getText());
        press(Keys.ENTER);
        waitUpTo(60).withMessage(() -> "repeat state: " + byId("repeat-state").getText())
                .until(d -> byId("repeat-results").isDisplayed()
                        && byId("repeat-results").getAttribute("data-stale") == null);
        assertStatisticsShown(expected);

        // The seed table by keyboard: open it, Watch seed 2, and the live race plays that seed.
        WebElement summary = byId("seed-details").findElement(By.tagName("summary"));
        js("arguments[0].focus();", summary);
        press(Keys.ENTER);
        waitUpTo(5).until(d -> "true".equals(String.valueOf(js("return document.getElementById('seed-details').open;"))));
        press(Keys.TAB);
        assertEquals("Watch seed 1 in the live race", js("return document.activeElement.getAttribute('aria-label');"));
        press(Keys.TAB);
        assertEquals("Watch seed 2 in the live race", js("return document.activeElement.getAttribute('aria-label');"));
        press(Keys.ENTER);
        waitUpTo(10).until(d -> "2".equals(d.findElement(By.id("live-seed")).getAttribute("value"))
                && ("true".equals(body("data-running")) || "true".equals(body("data-finished"))));
        assertEquals("live-play", focusedId(), "focus moves to the live race's play button");
        waitUpTo(60).until(d -> "true".equals(body("data-finished")));
        for (int c = 0; c < 4; c++) {
            Race.Run run = Race.runOne(spec, c, 2);
            WebElement card = browser.driver.findElements(By.cssSelector(".contestant-card")).get(c);
            assertEquals(run.reached() ? Integer.toString(run.epochsToTarget()) : "",
                    card.getAttribute("data-reached-at"), "contestant " + c);
        }

        List<String> problems = browser.seriousAccessibilityViolations();
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        screenshot("race-custom.png");
    }
}
