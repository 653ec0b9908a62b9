package org.layerlab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.session.SessionSnapshot;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The playground's "Noise features d" control: it reconfigures the session on the server (its
 * config and its network's input width), rides in the URL, and the diagram draws the noise inputs.
 */
class NoiseFeaturesBrowserTest extends ServerAndBrowser {

    /**
     * The input width of the session's own network, from its parameter count: W1's hidden layers of
     * 4 and 2 and one output hold 4·inputs + 4 + (4·2 + 2) + (2 + 1) parameters.
     */
    private static int inputWidth(SessionSnapshot snapshot) {
        int rest = snapshot.parameters().length - 4 - 10 - 3;
        assertEquals(0, rest % 4, "W1's shape");
        return rest / 4;
    }

    private SessionSnapshot snapshotOrNull() {
        try {
            return snapshot();
        } catch (Exception e) {
            return null;
        }
    }

    private void waitForNoise(int d) {
        waitUpTo(15).withMessage(() -> "session config: " + (snapshotOrNull() == null ? "none"
                : snapshotOrNull().config().toJson())).until(x -> {
                    SessionSnapshot s = snapshotOrNull();
                    return s != null && s.config().noiseFeatures() == d;
                });
    }

    private List<WebElement> inputNeurons() {
        return browser.driver.findElements(By.cssSelector("button.neuron[data-layer='0']"));
    }

    private void typeNoise(String value) {
        WebElement field = browser.driver.findElement(By.id("noise-features"));
        field.clear();
        field.sendKeys(value, Keys.TAB);
    }

    @Test
    void settingNoiseFeaturesReconfiguresTheSessionTheUrlAndTheDiagram() throws Exception {
        openPlayground("/");
        waitUpTo(10).until(d -> inputNeurons().size() == 2);
        assertEquals(2, inputWidth(snapshot()));

        typeNoise("3");
        waitForNoise(3);
        assertEquals(5, inputWidth(snapshot()), "the session's network has x1, x2 and 3 noise inputs");
        waitUpTo(10).until(d -> inputNeurons().size() == 5);
        List<WebElement> inputs = inputNeurons();
        assertEquals("Input N₁ (noise, held at 0 on the map)", inputs.get(2).getAttribute("aria-label"));
        assertEquals("N₃", inputs.get(4).findElement(By.className("neuron-label")).getText());
        waitUpTo(10).until(d -> d.getCurrentUrl().contains("noiseFeatures=3"));

        // many noise inputs: a compact column under one label
        typeNoise("20");
        waitForNoise(20);
        assertEquals(22, inputWidth(snapshot()));
        waitUpTo(10).until(d -> inputNeurons().size() == 22);
        assertEquals(20, browser.driver.findElements(By.cssSelector("button.neuron.noise.compact")).size());
        assertEquals("20 noise", browser.driver.findElement(By.className("noise-group-label")).getText());
        waitUpTo(10).until(d -> d.getCurrentUrl().contains("noiseFeatures=20"));
        waitUpTo(10).until(d -> inputNeurons().stream().allMatch(n -> "true".equals(n.getAttribute("data-drawn"))));
        List<String> problems = browser.seriousAccessibilityViolations();
        assertTrue(problems.isEmpty(), String.join("\n", problems));

        // back to none: the very network of a fresh default session
        typeNoise("0");
        waitForNoise(0);
        assertEquals(2, inputWidth(snapshot()));
        waitUpTo(10).until(d -> inputNeurons().size() == 2);
    }

    /** A noise input is N₁, N₂, … wherever the playground names it: the map's title and the step-through panel. */
    @Test
    void theMapTitleAndTheStepThroughPanelNameNoiseInputsAsTheDiagramDoes() throws Exception {
        openPlayground("/#noiseFeatures=2");
        waitForNoise(2);
        waitUpTo(10).until(d -> inputNeurons().size() == 4);
        WebElement firstNoise = inputNeurons().get(2);
        assertEquals("N₁", firstNoise.findElement(By.className("neuron-label")).getText());
        firstNoise.sendKeys(Keys.ENTER);
        waitUpTo(10).until(d -> d.findElement(By.id("map-title")).getText()
                .equals("Input N₁ (noise, held at 0 on the map)"));
        inputNeurons().get(0).sendKeys(Keys.ENTER);
        waitUpTo(10).until(d -> d.findElement(By.id("map-title")).getText().equals("Input X₁"));

        browser.driver.findElement(By.id("step-through")).sendKeys(Keys.ENTER);
        waitUpTo(10).until(d -> d.findElement(By.id("step-panel")).isDisplayed()
                && !new Select(d.findElement(By.id("focus-weight"))).getOptions().isEmpty());
        Select focus = new Select(browser.driver.findElement(By.id("focus-weight")));
        // the weight from input i = 3 (the second noise input) into neuron 1 of layer 1
        WebElement option = focus.getOptions().stream().filter(o -> "1,0,3".equals(o.getAttribute("value")))
                .findFirst().orElseThrow();
        assertEquals("layer 1: from N₂ to neuron 1", option.getText());
        // to the update stage, whose table names every weight by its input
        for (int i = 0; i < 20 && browser.driver.findElement(By.id("step-next")).isEnabled(); i++) {
            new Actions(browser.driver).sendKeys(Keys.ARROW_RIGHT).perform();
        }
        String update = browser.driver.findElement(By.id("step-body")).getText();
        assertTrue(update.contains("layer 1: N₁ → neuron 1") && update.contains("layer 1: N₂ → neuron 4"), update);
        assertTrue(update.contains("layer 1: X₂ → neuron 2"), update);
        assertFalse(update.contains("noise1") || update.contains("noise2"), "no raw ids: " + update);
    }

    @Test
    void aLinkWithNoiseFeaturesOpensThatExperiment() throws Exception {
        openPlayground("/#noiseFeatures=10&hidden=4,2");
        waitForNoise(10);
        assertEquals(12, inputWidth(snapshot()));
        waitUpTo(10).until(d -> "10".equals(d.findElement(By.id("noise-features")).getAttribute("value")));
        waitUpTo(10).until(d -> inputNeurons().size() == 12);
    }

    @Test
    void aValueOutOfRangeIsNamedAndNotSent() throws Exception {
        openPlayground("/");
        typeNoise("51");
        WebElement field = browser.driver.findElement(By.id("noise-features"));
        waitUpTo(5).until(d -> "true".equals(field.getAttribute("aria-invalid")));
        waitUpTo(5).until(d -> d.findElement(By.id("message-text")).getText()
                .contains("Noise features d must be a whole number from 0 to 50; “51” was not sent."));
        assertEquals(0, snapshot().config().noiseFeatures(), "nothing was sent");
        typeNoise("2");
        waitForNoise(2);
        assertNull(field.getAttribute("aria-invalid"));
    }
}
