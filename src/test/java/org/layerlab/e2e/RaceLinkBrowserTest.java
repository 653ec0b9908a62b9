package org.layerlab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerlab.training.Race;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The race page keeps what the student built: its setup in the URL (a link opened anywhere gives
 * the same race and, races being deterministic for a seed, the numbers of {@link Race#runOne}), the
 * last finished repeat in the tab (a reload shows it again, equal to {@link Race#run}, without a new
 * job on the server), and a hidden tab pauses the live race and resumes it on return.
 */
class RaceLinkBrowserTest extends ServerAndBrowser {

    /** Every control of the setup the link carries, plus the live race's seed, by id. */
    private static final List<String> SETUP_CONTROLS = List.of("race-preset", "dataset", "features", "hidden-layers",
            "width", "base-activation", "base-init", "base-optimizer", "base-learning-rate", "batch-size", "setting",
            "contestant-count", "contestant-0", "contestant-1", "contestant-2", "contestant-3", "target", "max-epochs",
            "seeds", "first-seed", "live-seed");

    /**
     * Records every command the page sends on its sockets (but acks) in {@code window.__sent}, and
     * the sockets in {@code window.__sockets}, from the start of every document this browser opens —
     * a reload included.
     */
    private void recordSentCommands() {
        browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.__sent = []; window.__sockets = new Set(); const send = WebSocket.prototype.send;"
                + " WebSocket.prototype.send = function (data) { window.__sockets.add(this);"
                + "   if (typeof data === 'string') { try { const type = JSON.parse(data).type;"
                + "     if (type !== 'ack') window.__sent.push(type); } catch (e) { window.__sent.push('?'); } }"
                + "   return send.call(this, data); };"));
    }

    @SuppressWarnings("unchecked")
    private List<String> sentCommands() {
        return (List<String>) js("return window.__sent.slice();");
    }

    /** Opens {@code /race + hash} and waits until its race (of {@code contestants}) stands at the start. */
    private void openRace(String hash, int contestants) {
        browser.driver.get(base + "/race" + hash);
        waitForRace(contestants);
    }

    private void waitForRace(int contestants) {
        waitUpTo(15).until(d -> "true".equals(body("data-connected")));
        waitUpTo(15).until(d -> d.findElements(By.cssSelector(".contestant-card")).size() == contestants
                && "".equals(byId("setup-state").getText()));
    }

    private WebElement byId(String id) {
        return browser.driver.findElement(By.id(id));
    }

    private String body(String attribute) {
        return browser.driver.findElement(By.tagName("body")).getAttribute(attribute);
    }

    private String hash() {
        String url = browser.driver.getCurrentUrl();
        int at = url.indexOf('#');
        return at < 0 ? "" : url.substring(at + 1);
    }

    /** Types into a number or text field as a student does, and leaves it (its change applies the race). */
    private void type(String id, String value) {
        WebElement field = byId(id);
        field.click();
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), value, Keys.TAB);
    }

    private void choose(String id, String value) {
        new Select(byId(id)).selectByValue(value);
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> setupShown() {
        Map<String, String> shown = new LinkedHashMap<>();
        List<String> values = (List<String>) js("return arguments[0].map(id => document.getElementById(id).value);",
                SETUP_CONTROLS);
        for (int i = 0; i < SETUP_CONTROLS.size(); i++) {
            shown.put(SETUP_CONTROLS.get(i), values.get(i));
        }
        return shown;
    }

    /** Plays the live race as fast as the server allows until it ends; the cards' reached-at epochs. */
    private List<String> playLiveRaceToTheEnd() {
        choose("live-speed", "0");
        byId("live-play").click();
        waitUpTo(90).withMessage(() -> "live state: " + byId("live-state").getText() + " at epoch "
                + byId("live-epoch").getText()).until(d -> "true".equals(body("data-finished")));
        List<String> reachedAt = new ArrayList<>();
        for (WebElement card : browser.driver.findElements(By.cssSelector(".contestant-card"))) {
            reachedAt.add(card.getAttribute("data-reached-at"));
        }
        return reachedAt;
    }

    private static List<String> runOneReachedAt(Race.Spec spec, long seed) {
        List<String> expected = new ArrayList<>();
        for (int c = 0; c < spec.contestants().size(); c++) {
            Race.Run run = Race.runOne(spec, c, seed);
            expected.add(run.reached() ? Integer.toString(run.epochsToTarget()) : "");
        }
        return expected;
    }

    // ------------------------------------------------------------------ (a) a link reproduces the race

    /**
     * A custom race on the circle as the form sends it: tanh and the playground's initialisation,
     * SGD at 0.03, the given hidden layers and batch, one contestant per (name, overrides JSON).
     */
    private static Race.Spec formRace(long seed, String hidden, int batchSize, String[][] contestants, double target,
                                      int maxEpochs, int seeds) {
        StringBuilder list = new StringBuilder();
        for (String[] contestant : contestants) {
            list.append(list.length() == 0 ? "" : ", ").append("{\"name\": \"").append(contestant[0])
                    .append("\", \"overrides\": ").append(contestant[1]).append('}');
        }
        return Race.parse("{\"base\": {\"seed\": " + seed + ", \"data\": {\"dataset\": \"circle\"},"
                + " \"features\": [\"x1\", \"x2\"], \"network\": {\"hidden\": [" + hidden + "], \"activation\": \"tanh\","
                + " \"init\": \"playground\"}, \"training\": {\"learningRate\": 0.03, \"batchSize\": " + batchSize + ","
                + " \"optimizer\": \"sgd\"}}, \"contestants\": [" + list + "], \"target\": " + target + ","
                + " \"maxEpochs\": " + maxEpochs + ", \"seeds\": " + seeds + ", \"evalEvery\": 1}");
    }

    /** The custom race the first test builds in the form, as the form sends it. */
    private static Race.Spec threeLearningRatesOnOneHiddenLayer() {
        String[][] contestants = new String[3][];
        String[] rates = {"0.03", "0.1", "0.3"};
        for (int i = 0; i < rates.length; i++) {
            contestants[i] = new String[] {"η " + rates[i], "{\"training\": {\"learningRate\": " + rates[i] + "}}"};
        }
        return formRace(4, "3", 5, contestants, 0.08, 400, 3);
    }

    @Test
    void aLinkToACustomRaceOpensTheSameSetupElsewhereAndItsLiveSeedRacesAsRunOne() throws Exception {
        Race.Spec spec = threeLearningRatesOnOneHiddenLayer();
        long liveSeed = 6;
        List<String> expected = runOneReachedAt(spec, liveSeed);
        assertTrue(expected.stream().anyMatch(s -> !s.isEmpty()), "some contestant reaches 0.08 on seed 6: " + expected);

        openRace("", 4);
        choose("race-preset", "custom");
        waitUpTo(5).until(d -> byId("custom-contestants").isDisplayed());
        type("hidden-layers", "3");
        type("batch-size", "5");
        choose("setting", "learningRate");
        choose("contestant-count", "3");
        choose("contestant-0", "0.03");
        choose("contestant-1", "0.1");
        choose("contestant-2", "0.3");
        type("target", "0.08");
        type("max-epochs", "400");
        type("seeds", "3");
        type("first-seed", "4");
        waitForRace(3);
        type("live-seed", "6");
        byId("live-load-seed").click();
        waitUpTo(10).until(d -> hash().endsWith("&liveSeed=6"));

        String link = browser.driver.getCurrentUrl();
        assertEquals("race=custom&dataset=circle&features=x1,x2&hidden=3&width=4&activation=tanh&init=playground"
                + "&optimizer=sgd&lr=0.03&batchSize=5&setting=learningRate&values=0.03,0.1,0.3&target=0.08"
                + "&maxEpochs=400&seeds=3&firstSeed=4&liveSeed=6", hash(), "the setup, in the link");
        assertEquals(link, byId("race-link").getAttribute("value"), "the field shows the link");
        Map<String, String> setupHere = setupShown();

        // Elsewhere: another browser, nothing shared but the link.
        browser.close();
        browser = new Browser();
        browser.driver.get(link);
        waitForRace(3);
        waitUpTo(10).until(d -> "6".equals(byId("live-seed").getAttribute("value"))
                && "paused".equals(byId("live-play").getAttribute("data-state")) && hash().endsWith("&liveSeed=6"));
        assertEquals(setupHere, setupShown(), "the form shows the same setup");
        assertEquals(List.of("η 0.03", "η 0.1", "η 0.3"), browser.driver.findElements(By.cssSelector(".contestant-card h3"))
                .stream().map(h -> h.getText().replaceAll("(1st|2nd|3rd|4th)$", "").trim()).toList());
        assertTrue(byId("messages").getAttribute("hidden") != null, "a good link raises no message");
        assertEquals(link, browser.driver.getCurrentUrl(), "the link stays as it was");

        assertEquals(expected, playLiveRaceToTheEnd(), "seed 6 races as Race.runOne says");
        assertTrue(hash().endsWith("&liveSeed=6"));
    }

    // ------------------------------------------------------------------ (b) a bad link

    /** The custom activation race the page falls back to: the form's defaults. */
    private static Race.Spec defaultCustomActivationRace() {
        String[] activations = {"sigmoid", "tanh", "relu", "leakyrelu"};
        String[][] contestants = new String[activations.length][];
        for (int i = 0; i < activations.length; i++) {
            contestants[i] = new String[] {activations[i], "{\"network\": {\"activation\": \"" + activations[i] + "\"}}"};
        }
        return formRace(1, "4, 2", 10, contestants, 0.05, 2000, 20);
    }

    @Test
    void aBrokenLinkNamesEachBadFieldAndThePageRunsOnTheDefaults() throws Exception {
        openRace("#race=custom&setting=momentum&values=relu,foo&maxEpochs=50000&seeds=abc&target=-1&bogus=1", 4);
        String message = byId("message-text").getText();
        assertTrue(byId("messages").isDisplayed(), "the problems are shown");
        for (String sentence : List.of(
                "The link's setting=momentum is not allowed: Setting under test must be one of activation, init,"
                        + " optimizer, learningRate, depth. The default (activation) is used.",
                "The link's values=relu,foo is not allowed: Contestants must be 2 to 4 values of activation, separated"
                        + " by commas, each one of sigmoid, tanh, relu, leakyrelu, elu, softplus, linear, sine. The"
                        + " default (sigmoid, tanh, relu, leakyrelu) is used.",
                "The link's maxEpochs=50000 is not allowed: Max epochs must be a whole number in [1, 20000]. The"
                        + " default (2000) is used.",
                "The link's seeds=abc is not allowed: Seeds K must be a whole number in [1, 100]. The default (20)"
                        + " is used.",
                "The link's target=-1 is not allowed: Target test loss must be a number above 0, e.g. 0.05. The"
                        + " default (0.05) is used.",
                "The link's “bogus” is not a race setting; it was ignored.")) {
            assertTrue(message.contains(sentence), "the message says: " + sentence + "\nit says:\n" + message);
        }
        // The valid part of the link (a custom race) is taken, the rest is the form's defaults.
        Map<String, String> shown = setupShown();
        assertEquals("custom", shown.get("race-preset"));
        assertEquals("activation", shown.get("setting"));
        assertEquals(List.of("4", "sigmoid", "tanh", "relu", "leakyrelu"), List.of(shown.get("contestant-count"),
                shown.get("contestant-0"), shown.get("contestant-1"), shown.get("contestant-2"), shown.get("contestant-3")));
        assertEquals(List.of("0.05", "2000", "20"), List.of(shown.get("target"), shown.get("max-epochs"), shown.get("seeds")));
        // The URL now holds the race the page set up: a link that works.
        assertTrue(hash().startsWith("race=custom&dataset=circle&"), hash());
        assertTrue(hash().contains("&setting=activation&values=sigmoid,tanh,relu,leakyrelu&target=0.05&maxEpochs=2000"
                + "&seeds=20&firstSeed=1"), hash());
        List<String> problems = browser.seriousAccessibilityViolations();
        assertTrue(problems.isEmpty(), String.join("\n", problems));

        // And it races: seed 1 as Race.runOne says.
        assertEquals(runOneReachedAt(defaultCustomActivationRace(), 1), playLiveRaceToTheEnd());
        assertTrue(byId("message-text").getText().contains("maxEpochs=50000"), "the link's problems stay until dismissed");
        byId("dismiss-message").click();
        assertFalse(byId("messages").isDisplayed());

        // A link that is not one at all (bad escapes, no values): the default circle race, and a message.
        browser.driver.get("about:blank");
        openRace("#%E0%A4%A&race&=&&seeds=", 4);
        message = byId("message-text").getText();
        assertTrue(message.contains("The link's “race” has no value: Race must be one of circle, spiral, custom."
                + " The default (circle) is used."), message);
        assertTrue(message.contains("The link's “%E0%A4%A” is not a race setting; it was ignored."), message);
        assertTrue(message.contains("The link's seeds= is not allowed: Seeds K must be a whole number in [1, 100]."),
                message);
        assertEquals("circle", setupShown().get("race-preset"));
        assertEquals(List.of("sigmoid", "tanh", "relu", "leakyrelu"), browser.driver.findElements(
                By.cssSelector(".contestant-card h3")).stream().map(WebElement::getText).toList());

        // A good link typed into the address bar of the open page: taken at once, the old problems gone.
        js("window.location.hash = 'race=spiral&seeds=7&firstSeed=3';");
        waitUpTo(15).until(d -> "Run over 7 seeds".equals(byId("repeat-run").getText())
                && "3".equals(byId("live-seed").getAttribute("value")));
        assertEquals("spiral", setupShown().get("race-preset"));
        assertEquals("3", setupShown().get("first-seed"));
        assertFalse(byId("messages").isDisplayed(), byId("message-text").getText());
        assertTrue(hash().startsWith("race=spiral&") && hash().endsWith("&seeds=7&firstSeed=3&liveSeed=3"), hash());
    }

    // ------------------------------------------------------------------ (c) a repeat survives a reload

    @SuppressWarnings("unchecked")
    private List<List<String>> resultTables() {
        return (List<List<String>>) js("return Array.from(document.querySelectorAll('#stats-body tr, #seed-body tr'),"
                + " row => Array.from(row.querySelectorAll('th, td'), cell => cell.textContent.trim()"
                + " + '|' + (cell.dataset.value || '')));");
    }

    /** The statistics table (without ratios: the reference is the student's pick) and the seed table. */
    private void assertStatisticsShown(Race.Result expected) {
        RaceTables.assertStatistics(browser.driver, expected, false);
        RaceTables.assertSeedTable(browser.driver, expected);
    }

    private void waitForFreshResults() {
        waitUpTo(60).withMessage(() -> "repeat state: " + byId("repeat-state").getText())
                .until(d -> byId("repeat-results").isDisplayed() && byId("repeat-results").getAttribute("data-stale") == null
                        && byId("repeat-results").getAttribute("data-restored") == null);
    }

    @Test
    void aFinishedRepeatIsShownAgainAfterAReloadWithoutRunningItAgain() throws Exception {
        Race.Spec spec = Race.defaultRace("circle").withSeeds(3);
        Race.Result expected = Race.run(spec, 2, null);
        recordSentCommands();

        openRace("", 4);
        type("seeds", "3");
        waitUpTo(10).until(d -> "Run over 3 seeds".equals(byId("repeat-run").getText()));
        byId("repeat-run").click();
        waitForFreshResults();
        assertStatisticsShown(expected);
        new Select(byId("ratio-reference")).selectByVisibleText("relu");
        List<List<String>> before = resultTables();
        assertEquals(1, sentCommands().stream().filter("repeat"::equals).count(), "one repeat: " + sentCommands());
        System.out.printf(Locale.ROOT, "race page: the stored 3-seed circle result takes %s bytes of sessionStorage%n",
                body("data-saved-result-bytes"));

        browser.driver.navigate().refresh();
        waitForRace(4);
        waitUpTo(10).until(d -> byId("repeat-results").isDisplayed());
        assertEquals("true", byId("repeat-results").getAttribute("data-restored"), "marked as kept");
        assertTrue(byId("restored-note").isDisplayed());
        assertTrue(byId("restored-note").getText().startsWith("These results are from earlier in this tab ("),
                byId("restored-note").getText());
        assertTrue(byId("restored-note").getText().endsWith("nothing was run again. “Run over 3 seeds” runs it again"
                + " on the server."), byId("restored-note").getText());
        assertTrue(byId("repeat-state").getText().startsWith("Results from earlier in this tab"),
                byId("repeat-state").getText());
        assertEquals("relu", new Select(byId("ratio-reference")).getFirstSelectedOption().getText(),
                "the ratio's reference is kept too");
        assertEquals(before, resultTables(), "the same statistics and seeds as before the reload");
        assertStatisticsShown(expected);
        assertEquals("12", byId("distribution").getAttribute("data-dots"), "one dot per contestant and seed");
        List<String> sent = sentCommands();
        assertTrue(sent.contains("race"), "the page set its race up again: " + sent);
        assertFalse(sent.contains("repeat"), "and ran no repeat: " + sent);
        List<String> problems = browser.seriousAccessibilityViolations();
        assertTrue(problems.isEmpty(), String.join("\n", problems));

        // The connection drops (the server's race session goes with it): the page reconnects, sets
        // its race up again on the seed it was watching, and shows the kept results — still no repeat.
        type("live-seed", "2");
        byId("live-load-seed").click();
        waitUpTo(10).until(d -> hash().endsWith("&liveSeed=2"));
        assertEquals(1, sentCommands().stream().filter("race"::equals).count(), sentCommands().toString());
        js("window.__sockets.forEach(socket => socket.close());");
        waitUpTo(15).until(d -> sentCommands().stream().filter("race"::equals).count() == 2
                && "true".equals(body("data-connected")) && "".equals(byId("setup-state").getText())
                && "2".equals(byId("live-seed").getAttribute("value")) && hash().endsWith("&liveSeed=2"));
        assertEquals("Ready: press Play", byId("live-state").getText());
        waitUpTo(10).until(d -> byId("repeat-results").isDisplayed());
        assertEquals("true", byId("repeat-results").getAttribute("data-restored"));
        assertEquals(before, resultTables(), "the same results after the reconnect");
        assertFalse(sentCommands().contains("repeat"), sentCommands().toString());

        // Another race: no results; the same race again: the kept ones (only the exact race has them).
        type("target", "0.06");
        waitUpTo(10).until(d -> !byId("repeat-results").isDisplayed());
        assertEquals("Not run yet for this race", byId("repeat-state").getText());
        type("target", "0.05");
        waitUpTo(10).until(d -> byId("repeat-results").isDisplayed());
        assertEquals(before, resultTables());

        // Run again: fresh from the server, the same numbers, no longer marked as kept.
        byId("repeat-run").click();
        waitForFreshResults();
        assertFalse(byId("restored-note").isDisplayed());
        assertStatisticsShown(expected);
        assertEquals(1, sentCommands().stream().filter("repeat"::equals).count(), "run again: " + sentCommands());
    }

    // ------------------------------------------------------------------ (d) a hidden tab

    private void setVisibility(boolean hidden) {
        js("Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => arguments[0] ? 'hidden' : 'visible' });"
                + "Object.defineProperty(document, 'hidden', { configurable: true, get: () => arguments[0] });"
                + "document.dispatchEvent(new Event('visibilitychange'));", hidden);
    }

    private int liveEpoch() {
        return Integer.parseInt(byId("live-epoch").getText());
    }

    @Test
    void aHiddenTabPausesTheLiveRaceAndResumesItOnReturnButLeavesARepeatRunning() throws Exception {
        recordSentCommands();
        openRace("", 4);
        choose("live-speed", "10");
        byId("live-play").click();
        waitUpTo(10).until(d -> "true".equals(body("data-running")) && liveEpoch() >= 3);

        setVisibility(true);
        // The server's race session says it is paused (raceState.running), and the epochs stop.
        waitUpTo(5).until(d -> "false".equals(body("data-running")));
        assertEquals("Paused", byId("live-state").getText());
        int pausedAt = liveEpoch();
        Thread.sleep(800); // at 10 epochs/s, a live race would be 8 epochs further
        assertEquals(pausedAt, liveEpoch(), "the live race holds still while hidden");
        assertTrue(sentCommands().contains("pause"), sentCommands().toString());

        setVisibility(false);
        waitUpTo(5).until(d -> "true".equals(body("data-running")));
        waitUpTo(5).until(d -> liveEpoch() > pausedAt);

        // Paused by the student: a return to the tab does not play it.
        byId("live-play").click();
        waitUpTo(5).until(d -> "false".equals(body("data-running")));
        int sentBefore = sentCommands().size();
        setVisibility(true);
        setVisibility(false);
        Thread.sleep(500);
        assertEquals("false", body("data-running"));
        assertFalse(sentCommands().subList(sentBefore, sentCommands().size()).contains("play"),
                "no play after the student's pause: " + sentCommands());

        // A repeat over seeds runs on in a hidden tab: its results are there on return.
        type("seeds", "2");
        waitForRace(4);
        waitUpTo(10).until(d -> "Run over 2 seeds".equals(byId("repeat-run").getText()));
        byId("repeat-run").click();
        waitUpTo(10).until(d -> body("data-repeat") != null);
        setVisibility(true);
        waitForFreshResults();
        assertTrue(byId("repeat-state").getText().startsWith("Done: 8 runs in "), byId("repeat-state").getText());
        setVisibility(false);
        assertFalse(sentCommands().contains("cancel"), sentCommands().toString());
        assertStatisticsShown(Race.run(Race.defaultRace("circle").withSeeds(2), 2, null));
    }

    // ------------------------------------------------------------------ (e) the Copy link button

    private void press(CharSequence... keys) {
        new Actions(browser.driver).sendKeys(keys).perform();
    }

    private String focusedId() {
        return (String) js("return document.activeElement && document.activeElement.id;");
    }

    @Test
    void copyLinkWorksByKeyboardWithAndWithoutTheClipboardAndThePageIsAccessible() throws Exception {
        openRace("#race=spiral&seeds=5&liveSeed=2", 4);
        waitUpTo(10).until(d -> hash().endsWith("&liveSeed=2"));
        // A preset race: the custom race's fields (the form's defaults) ride along, so the form comes back whole.
        assertEquals("race=spiral&dataset=circle&features=x1,x2&hidden=4,2&width=4&activation=tanh&init=playground"
                + "&optimizer=sgd&lr=0.03&batchSize=10&setting=activation&values=sigmoid,tanh,relu,leakyrelu"
                + "&target=0.05&maxEpochs=2000&seeds=5&firstSeed=1&liveSeed=2", hash());
        String link = browser.driver.getCurrentUrl();
        // A clipboard that keeps what it is given.
        js("window.__copied = null; Object.defineProperty(navigator, 'clipboard', { configurable: true, value:"
                + " { writeText: (text) => { window.__copied = text; return Promise.resolve(); } } });");

        js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
        List<String> passed = new ArrayList<>();
        for (int i = 0; i < 60 && !"copy-link".equals(focusedId()); i++) {
            press(Keys.TAB);
            passed.add(focusedId());
        }
        assertEquals("copy-link", focusedId(), "Tab reaches Copy link; passed " + passed);
        assertEquals("race-link", passed.get(passed.size() - 2), "right after the link's field");
        press(Keys.ENTER);
        waitUpTo(5).until(d -> "Link copied to the clipboard.".equals(byId("copy-state").getText()));
        assertTrue(byId("copy-state").isDisplayed());
        assertEquals(link, js("return window.__copied;"));

        // No clipboard (an insecure origin, an old browser): the link is selected for Ctrl+C.
        js("Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined });"
                + " document.execCommand = () => false;");
        js("document.getElementById('copy-link').focus();");
        press(Keys.SPACE);
        waitUpTo(5).until(d -> byId("copy-state").getText().startsWith("The link is selected in the field"));
        assertEquals("The link is selected in the field: press Ctrl+C (⌘C on a Mac) to copy it.",
                byId("copy-state").getText());
        assertEquals("race-link", focusedId());
        assertEquals(List.of(0L, (long) link.length()), js("const f = document.getElementById('race-link');"
                + " return [f.selectionStart, f.selectionEnd];"));
        assertEquals(link, byId("race-link").getAttribute("value"));
        assertNull(byId("race-link").getAttribute("aria-invalid"));

        List<String> problems = browser.seriousAccessibilityViolations();
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
