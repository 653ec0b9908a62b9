package org.layerlab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.Network;
import org.layerlab.insight.LayerReport;
import org.layerlab.insight.NetworkInsight;
import org.layerlab.session.SessionSnapshot;
import org.layerlab.training.Experiment;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The instruments panel in a real browser, checked against what the engine itself computes. */
class InstrumentsBrowserTest extends ServerAndBrowser {

    /** The session's network, rebuilt from its snapshot, measured by the engine directly. */
    private List<LayerReport> engineInsight(SessionSnapshot snapshot) {
        Experiment experiment = Experiment.build(snapshot.config());
        Network network = experiment.network();
        network.setParameters(snapshot.parameters());
        return NetworkInsight.measure(network, experiment.trainSamples(), snapshot.config().training().learningRate());
    }

    private void trainAtLeast(int epochs) {
        browser.driver.findElement(By.id("play-pause")).click();
        waitUpTo(60).until(d -> number("epoch") >= epochs);
        browser.driver.findElement(By.id("play-pause")).click();
        waitUpTo(10).until(d -> "false".equals(d.findElement(By.tagName("body")).getAttribute("data-running")));
    }

    @Test
    void identicalWeightsStayOneDistinctNeuronPerLayerUntilTheSymmetryIsBroken() throws Exception {
        openPlayground("/#init=identical");
        trainAtLeast(200);
        waitUpTo(10).until(d -> d.findElement(By.id("distinct-per-layer")).getText().trim().equals("1, 1"));
        // the per-layer table: one distinct neuron, exact copies, similarity exactly 1
        List<String> firstRow = tableCells("#layer-table-body tr:first-child").get(0);
        assertEquals("1 (exact copies)", firstRow.get(1));
        assertEquals("1", firstRow.get(2));
        // every thumbnail of a hidden layer shows the same function: the server's weights are exact copies
        SessionSnapshot snapshot = snapshot();
        assertTrue(snapshot.epoch() >= 200);
        for (LayerReport layer : engineInsight(snapshot).subList(0, 2)) {
            assertEquals(1, layer.distinctNeurons(), "layer " + layer.layer());
            assertTrue(layer.exactCopies(), "layer " + layer.layer() + " bit-identical");
        }

        browser.driver.findElement(By.id("break-symmetry")).click();
        trainAtLeast((int) snapshot.epoch() + 200);
        waitUpTo(10).until(d -> !d.findElement(By.id("distinct-per-layer")).getText().trim().equals("1, 1"));
        List<LayerReport> after = engineInsight(snapshot());
        assertTrue(after.get(0).distinctNeurons() > 1, "the neurons drifted apart");
    }

    @Test
    void aReluNetworkAtLearningRateThreeShowsTheDeadUnitsTheEngineCounts() throws Exception {
        openPlayground("/#activation=relu&lr=3");
        trainAtLeast(300);
        SessionSnapshot snapshot = snapshot();
        int engineDead = 0;
        List<LayerReport> reports = engineInsight(snapshot);
        for (LayerReport layer : reports.subList(0, reports.size() - 1)) {
            engineDead += layer.deadCount();
        }
        int expected = engineDead;
        assertTrue(expected > 0, "learning rate 3 kills some ReLUs on W1 (seed 1)");
        waitUpTo(10).until(d -> number("dead-total") == expected);
        int tableDead = 0;
        List<List<String>> rows = tableCells("#layer-table-body tr");
        for (List<String> row : rows.subList(0, rows.size() - 1)) {
            tableDead += Integer.parseInt(row.get(0).split(" ")[0]);
        }
        assertEquals(expected, tableDead, "the per-layer table agrees");
        List<WebElement> marked = browser.driver.findElements(By.cssSelector("button.neuron.dead"));
        assertEquals(expected, marked.size(), "each dead unit is marked on the diagram");
        for (WebElement neuron : marked) {
            assertTrue(neuron.getAttribute("aria-label").endsWith(", dead"));
        }
        assertTrue(browser.seriousAccessibilityViolations().isEmpty(),
                String.join("\n", browser.seriousAccessibilityViolations()));

        // Revive them: leaky ReLU in the same network (weights and epoch kept) has no dead units.
        new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("activation")))
                .selectByValue("leakyrelu");
        waitUpTo(10).until(d -> number("dead-total") == 0);
        SessionSnapshot revived = snapshot();
        assertEquals("leakyrelu", revived.config().network().activation());
        assertEquals(snapshot.epoch(), revived.epoch(), "the same network, not a fresh one");
        org.junit.jupiter.api.Assertions.assertArrayEquals(snapshot.parameters(), revived.parameters(), 0);
    }

    @Test
    void aNegativeBiasShiftKillsReluUnitsAndBiasPointOneRevivesSome() throws Exception {
        openPlayground("/#activation=relu");
        browser.driver.findElement(By.id("step-epoch")).click();
        waitUpTo(10).until(d -> number("epoch") >= 1);
        // inputs within ±6 and weights within ±0.5: a bias 8 lower keeps every hidden net input below 0
        for (int i = 0; i < 8; i++) {
            browser.driver.findElement(By.id("bias-down")).click();
        }
        waitUpTo(10).until(d -> number("dead-total") == 6);
        browser.driver.findElement(By.id("bias-reset")).click();
        waitUpTo(10).until(d -> number("dead-total") < 6);
        SessionSnapshot snapshot = snapshot();
        int engineDead = 0;
        List<LayerReport> reports = engineInsight(snapshot);
        for (LayerReport layer : reports.subList(0, reports.size() - 1)) {
            engineDead += layer.deadCount();
        }
        assertEquals(engineDead, (int) number("dead-total"));
    }
}
