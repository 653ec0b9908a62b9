package org.layerlab.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.BackwardTrace;
import org.layerlab.engine.Network;
import org.layerlab.session.SessionSnapshot;
import org.layerlab.training.Experiment;
import org.layerlab.training.Samples;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/** Backpropagation stepped through in the page, checked against the engine's own trace. */
class StepThroughBrowserTest extends ServerAndBrowser {

    @Test
    void steppingThroughW1ByKeyboardShowsTheEnginesGradientAndOnlyTheUpdateChangesTheWeights() throws Exception {
        openPlayground("/");
        SessionSnapshot before = snapshot();

        WebElement enter = browser.driver.findElement(By.id("step-through"));
        enter.sendKeys(Keys.ENTER);
        waitUpTo(10).until(d -> d.findElement(By.id("step-panel")).isDisplayed()
                && !d.findElement(By.id("step-stage")).getText().isBlank());
        String firstStage = browser.driver.findElement(By.id("step-stage")).getText();
        // the forward stage writes net → out on the first hidden layer's neurons
        waitUpTo(5).until(d -> d.findElements(By.cssSelector("#neuron-1-0 .neuron-note")).size() == 1
                && d.findElement(By.cssSelector("#neuron-1-0 .neuron-note")).getText().contains("→"));
        // clicking a link on the diagram puts its weight in focus: x1 → first neuron of layer 1
        js("document.getElementById('neuron-1-0').scrollIntoView({block: 'center', inline: 'center'});"
                + "const a = document.getElementById('neuron-0-0').getBoundingClientRect();"
                + "const b = document.getElementById('neuron-1-0').getBoundingClientRect();"
                + "const x = (a.right + b.left) / 2, y = (a.top + a.bottom + b.top + b.bottom) / 4;"
                + "document.elementFromPoint(x, y).dispatchEvent(new MouseEvent('click',"
                + " {bubbles: true, clientX: x, clientY: y}));");
        waitUpTo(5).until(d -> "1,0,0".equals(new Select(d.findElement(By.id("focus-weight")))
                .getFirstSelectedOption().getAttribute("value")));

        // → through every stage: forward layer by layer, the error, backward layer by layer, the update
        for (int i = 0; i < 20 && browser.driver.findElement(By.id("step-next")).isEnabled(); i++) {
            new Actions(browser.driver).sendKeys(Keys.ARROW_RIGHT).perform();
        }
        assertFalse(browser.driver.findElement(By.id("step-next")).isEnabled(), "reached the last stage by keyboard");
        assertTrue(browser.driver.findElement(By.id("apply-update")).isDisplayed(), "the update stage");
        assertArrayEquals(before.parameters(), snapshot().parameters(), 0, "stepping changes nothing");

        // ← goes back a stage
        new Actions(browser.driver).sendKeys(Keys.ARROW_LEFT).perform();
        waitUpTo(5).until(d -> d.findElement(By.id("step-next")).isEnabled());
        new Actions(browser.driver).sendKeys(Keys.ARROW_RIGHT).perform();

        // the weight in focus: layer 2, from neuron 3 of layer 1 into neuron 1 (0-based j = 1, i = 3)
        new Select(browser.driver.findElement(By.id("focus-weight"))).selectByValue("2,1,3");
        waitUpTo(5).until(d -> !d.findElement(By.id("focus-gradient")).getText().equals("—")
                && !d.findElement(By.id("focus-gradient")).getText().isBlank());
        double shown = Double.parseDouble(browser.driver.findElement(By.id("focus-gradient")).getText()
                .replace('−', '-'));

        // the engine's own trace of the same sample (the first training point) on the same weights
        Experiment experiment = Experiment.build(before.config());
        Network network = experiment.network();
        network.setParameters(before.parameters());
        Samples train = experiment.trainSamples();
        BackwardTrace trace = network.traceBackward(train.inputs(), 0, train.targets(), 0);
        double engine = trace.weightGradient()[2][1 * 4 + 3];
        assertEquals(engine, shown, Math.abs(engine) * 5e-7, "the page shows the engine's ∂E/∂w to 6 digits");
        double numeric = Double.parseDouble(browser.driver.findElement(By.id("focus-numeric")).getText()
                .replace('−', '-'));
        assertEquals(engine, numeric, Math.max(1e-9, Math.abs(engine) * 1e-5), "finite differences agree");

        // only the explicit update changes the network
        assertArrayEquals(before.parameters(), snapshot().parameters(), 0);
        browser.driver.findElement(By.id("apply-update")).sendKeys(Keys.ENTER);
        waitUpTo(10).until(d -> {
            try {
                return !Arrays.equals(before.parameters(), snapshot().parameters());
            } catch (Exception e) {
                return false;
            }
        });
        SessionSnapshot after = snapshot();
        double eta = before.config().training().learningRate();
        int w = network.weightOffset(2) + 1 * 4 + 3;
        assertEquals(before.parameters()[w] - eta * engine, after.parameters()[w], 1e-15, "w − η·∂E/∂w");
        assertEquals(before.epoch(), after.epoch(), "a single-sample update is not an epoch");
        assertFalse(firstStage.isBlank());
        assertTrue(browser.seriousAccessibilityViolations().isEmpty(),
                String.join("\n", browser.seriousAccessibilityViolations()));
    }
}
