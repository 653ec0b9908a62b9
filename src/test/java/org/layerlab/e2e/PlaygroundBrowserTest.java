package org.layerlab.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.layerlab.session.SessionSnapshot;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playground in headless Chromium against the real server, in-process on a free port: what a
 * student does, and what the session on the server then holds.
 */
class PlaygroundBrowserTest extends ServerAndBrowser {

    private String describe() {
        try {
            SessionSnapshot s = snapshot();
            return s.config().toJson() + " epoch " + s.epoch() + " params " + java.util.Arrays.toString(s.parameters())
                    + " url " + browser.driver.getCurrentUrl();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private List<WebElement> neurons() {
        return browser.driver.findElements(By.cssSelector("button.neuron[data-layer][data-neuron]"));
    }

    private void clickPlayPause() {
        browser.driver.findElement(By.id("play-pause")).click();
    }

    @Test
    void pressingPlayTrainsW1UntilTheTestLossIsBelowFivePercentAndEveryNeuronIsDrawn() {
        openPlayground("/");
        clickPlayPause();
        waitUpTo(60).withMessage(() -> "test loss shown: '" + browser.driver.findElement(By.id("test-loss")).getText()
                + "' at epoch " + browser.driver.findElement(By.id("epoch")).getText() + "; server: " + describe())
                .until(d -> number("test-loss") < 0.05);
        // inputs x1, x2; hidden 4 and 2; one output — TF Playground's default page
        waitUpTo(10).until(d -> neurons().size() == 9
                && neurons().stream().allMatch(n -> "true".equals(n.getAttribute("data-drawn"))));
        assertTrue(number("epoch") > 0, "the epoch counter moved");
        assertTrue(browser.seriousAccessibilityViolations().isEmpty(),
                String.join("\n", browser.seriousAccessibilityViolations()));
    }

    @Test
    void changingTheActivationAndTheLayersRebuildsTheNetworkOnTheServer() throws Exception {
        openPlayground("/");
        waitUpTo(10).until(d -> neurons().size() == 9);
        new Select(browser.driver.findElement(By.id("activation"))).selectByValue("relu");
        waitUpTo(10).until(d -> {
            try {
                return snapshot().config().network().activation().equals("relu");
            } catch (Exception e) {
                return false;
            }
        });
        int before = neurons().size();
        browser.driver.findElement(By.id("add-layer")).click();
        waitUpTo(10).until(d -> neurons().size() > before);
        SessionSnapshot snapshot = snapshot();
        assertEquals(3, snapshot.config().network().hidden().size(), "a third hidden layer on the server");
        assertTrue(browser.driver.getCurrentUrl().contains("relu"), "the URL carries the activation");
        browser.driver.findElement(By.id("remove-layer")).click();
        waitUpTo(10).until(d -> neurons().size() == before);
    }

    @Test
    void reloadingThePageGetsTheSameNetworkBackMidTraining() throws Exception {
        openPlayground("/");
        String token = resumeToken();
        clickPlayPause();
        waitUpTo(20).until(d -> number("epoch") > 50);
        clickPlayPause(); // pause, so the epoch holds still
        waitUpTo(10).until(d -> "false".equals(d.findElement(By.tagName("body")).getAttribute("data-running")));
        SessionSnapshot before = snapshot();

        browser.driver.navigate().refresh();
        waitUpTo(15).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-connected")));
        assertEquals(token, resumeToken(), "the tab resumed with its token");
        waitUpTo(10).until(d -> number("epoch") == before.epoch());
        SessionSnapshot after = snapshot();
        assertArrayEquals(before.parameters(), after.parameters(), 0, "the very same weights");
    }

    @Test
    void aSharedUrlReproducesTheSameDataAndInitialWeightsInAnotherBrowser() throws Exception {
        openPlayground("/");
        new Select(browser.driver.findElement(By.id("dataset"))).selectByValue("xor");
        WebElement seed = browser.driver.findElement(By.id("seed"));
        seed.clear();
        seed.sendKeys("4242", Keys.ENTER);
        waitUpTo(10).until(d -> {
            try {
                return snapshot().config().seed() == 4242 && snapshot().config().data().dataset().equals("xor");
            } catch (Exception e) {
                return false;
            }
        });
        String sharedUrl = browser.driver.getCurrentUrl();
        SessionSnapshot original = snapshot();
        String originalToken = resumeToken();

        try (Browser other = new Browser()) {
            other.driver.get(sharedUrl);
            new WebDriverWait(other.driver, Duration.ofSeconds(15)).until(d ->
                    "true".equals(d.findElement(By.tagName("body")).getAttribute("data-connected")));
            String otherToken = (String) ((JavascriptExecutor) other.driver)
                    .executeScript("return window.sessionStorage.getItem('layerlab.resumeToken');");
            assertNotEquals(originalToken, otherToken, "another browser gets its own session");
            new WebDriverWait(other.driver, Duration.ofSeconds(10)).until(d -> {
                SessionSnapshot s = sessions.find(otherToken).orElseThrow().snapshot().join();
                return s.config().seed() == 4242;
            });
            SessionSnapshot copy = sessions.find(otherToken).orElseThrow().snapshot().get(10, TimeUnit.SECONDS);
            assertEquals(original.config(), copy.config(), "the same experiment config");
            assertEquals(0L, copy.epoch(), "untrained");
            assertArrayEquals(original.parameters(), copy.parameters(), 0, "the same initial weights");
            assertFalse(copy.config().data().isCustom());
        }
    }

    @Test
    void everyControlIsReachableByKeyboardAndPlayWorksFromTheKeyboard() {
        openPlayground("/");
        // Tab through the page: every enabled, visible control must receive focus at some point.
        // (Disabled ones, like the regularization rate while regularization is none, are skipped by
        // browsers on purpose; a roving-tabindex group counts through its one tab stop.)
        @SuppressWarnings("unchecked")
        List<WebElement> controls = (List<WebElement>) js("return Array.from(document.querySelectorAll("
                + "'button, input, select, textarea, a[href], [tabindex]:not([tabindex=\"-1\"])'))"
                + ".filter(e => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0"
                + " && getComputedStyle(e).visibility !== 'hidden');");
        assertTrue(controls.size() > 25, "found only " + controls.size() + " controls");
        java.util.Set<WebElement> reached = new java.util.HashSet<>();
        browser.driver.findElement(By.tagName("body")).click();
        for (int i = 0; i < 3 * controls.size() && !reached.containsAll(controls); i++) {
            // Actions types into whatever has focus, as a keyboard does (a file input included).
            new Actions(browser.driver).sendKeys(Keys.TAB).perform();
            reached.add((WebElement) js("return document.activeElement;"));
        }
        List<String> missing = new java.util.ArrayList<>();
        for (WebElement control : controls) {
            if (!reached.contains(control)) {
                missing.add(control.getTagName() + "#" + control.getAttribute("id") + " '" + control.getText() + "'");
            }
        }
        assertTrue(missing.isEmpty(), "never reached by Tab: " + missing);
        // ... and the focus is visible: the focused control draws an outline or a box-shadow ring.
        WebElement play = browser.driver.findElement(By.id("play-pause"));
        js("arguments[0].focus();", play);
        String ring = (String) js("const s = getComputedStyle(arguments[0]);"
                + " return s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.boxShadow;", play);
        assertTrue(!ring.startsWith("none") || !ring.endsWith("none"), "no visible focus on play: " + ring);

        // Step one epoch with the keyboard: focus the button, press Enter.
        WebElement step = browser.driver.findElement(By.id("step-epoch"));
        step.sendKeys(Keys.ENTER);
        waitUpTo(10).until(d -> number("epoch") >= 1);
    }

    @Test
    void uploadedPointsReplaceTheDataAndEveryBadRowIsNamed() throws Exception {
        openPlayground("/");
        java.nio.file.Path bad = java.nio.file.Files.createTempFile("points-bad", ".csv");
        java.nio.file.Path good = java.nio.file.Files.createTempFile("points-good", ".csv");
        try {
            java.nio.file.Files.writeString(bad, "x,y,label\n1,2,1\n3,oops,-1\n-1,-1,1\n2,2,\n");
            StringBuilder points = new StringBuilder("x,y,label\n");
            for (int i = 0; i < 40; i++) {
                double x = -5 + i * 0.25;
                points.append(x).append(',').append(i % 7 - 3).append(',').append(x > 0 ? 1 : -1).append('\n');
            }
            java.nio.file.Files.writeString(good, points.toString());
            SessionSnapshot before = snapshot();

            browser.driver.findElement(By.id("upload-points")).sendKeys(bad.toString());
            waitUpTo(10).until(d -> d.findElement(By.id("message-text")).getText().contains("line 3"));
            String message = browser.driver.findElement(By.id("message-text")).getText();
            assertTrue(message.contains("line 5"), "every bad row is named: " + message);
            assertEquals(before.config(), snapshot().config(), "a broken upload changes nothing");

            browser.driver.findElement(By.id("upload-points")).sendKeys(good.toString());
            waitUpTo(10).until(d -> {
                try {
                    return snapshot().config().data().isCustom();
                } catch (Exception e) {
                    return false;
                }
            });
            assertEquals(40, snapshot().userData().points().size());
        } finally {
            java.nio.file.Files.deleteIfExists(bad);
            java.nio.file.Files.deleteIfExists(good);
        }
    }

    @Test
    void aDivergingRunStopsSaysSoAndResetRecovers() throws Exception {
        // ReLU into a linear output at learning rate 10 explodes within a few epochs.
        openPlayground("/#activation=relu&output=linear&loss=squared&lr=10");
        waitUpTo(10).until(d -> {
            try {
                return snapshot().config().training().learningRate() == 10;
            } catch (Exception e) {
                return false;
            }
        });
        clickPlayPause();
        waitUpTo(20).until(d -> d.findElement(By.id("diverged-banner")).isDisplayed());
        assertTrue(browser.driver.findElement(By.id("diverged-text")).getText().contains("diverged"));
        assertEquals("false", browser.driver.findElement(By.tagName("body")).getAttribute("data-running"));
        assertFalse(snapshot().config() == null);

        browser.driver.findElement(By.id("diverged-reset")).click();
        waitUpTo(10).until(d -> !d.findElement(By.id("diverged-banner")).isDisplayed());
        SessionSnapshot reset = snapshot();
        assertEquals(0L, reset.epoch());
        for (double p : reset.parameters()) {
            assertTrue(Double.isFinite(p), "reset brings finite weights back");
        }
    }

    @Test
    void noRequestLeavesTheServer() {
        openPlayground("/");
        clickPlayPause();
        waitUpTo(20).until(d -> number("epoch") > 10);
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name)"
                + ".concat([location.href]);");
        assertTrue(urls.size() > 3, "resources seen: " + urls);
        for (String url : urls) {
            assertTrue(url.startsWith(base + "/") || url.startsWith("ws://localhost:" + app.port() + "/")
                    || url.startsWith("data:"), "a request outside the server: " + url);
        }
    }
}
