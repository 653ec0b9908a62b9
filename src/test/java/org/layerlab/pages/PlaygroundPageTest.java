package org.layerlab.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PlaygroundPageTest {

    private static final String HTML = PlaygroundPage.render();

    /** The ids the browser modules and the Selenium tests rely on. */
    private static final List<String> CONTROLS = List.of(
            "play-pause", "reset", "step-epoch", "step-batch", "new-seed", "speed", "seed",
            "learning-rate", "activation", "regularization", "regularization-rate", "batch-size", "optimizer",
            "momentum", "beta1", "beta2", "dataset", "noise", "train-fraction", "samples", "shuffle",
            "upload-points", "feature-x1", "feature-x2", "feature-x1sq", "feature-x2sq", "feature-x1x2",
            "feature-sinx1", "feature-sinx2", "noise-features", "add-layer", "remove-layer", "init", "init-constant",
            "output-activation", "loss", "leaky-slope", "elu-alpha", "show-test-data", "discretize",
            "click-label", "add-point-x", "add-point-y", "add-point", "export-model", "export-history",
            "import-model", "share-url", "copy-link", "show-output", "diverged-reset", "dismiss-message",
            "break-symmetry", "bias-down", "bias-reset", "gradient-measure", "histogram-layer", "hidden-layer", "hidden-a", "hidden-b",
            "step-through", "step-next", "step-back", "step-exit", "next-sample", "apply-update", "focus-weight");

    private static final List<String> READOUTS = List.of("epoch", "eps", "run-state", "train-loss", "test-loss",
            "train-accuracy", "test-accuracy", "loss-chart", "output-map", "network", "legend", "messages",
            "message-text", "diverged-banner", "diverged-text", "connection-status", "hidden-layer-count",
            "problem-type", "map-title", "noise-value", "train-fraction-value", "main",
            "instruments", "dead-total", "distinct-per-layer", "gradient-chart", "dead-chart", "histogram", "saturated",
            "hidden-space", "step-panel", "step-stage", "step-live", "step-body", "weight-focus", "focus-gradient",
            "focus-numeric");

    @Test
    void isAnEnglishHtml5DocumentForPhones() {
        assertTrue(HTML.startsWith("<!DOCTYPE html><html lang=\"en\">"), HTML.substring(0, 60));
        assertTrue(HTML.contains("<meta charset=\"utf-8\">"));
        assertTrue(HTML.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
        assertTrue(HTML.contains("<title>LayerLab — neural network playground</title>"));
    }

    @Test
    void loadsTheAppModuleAndTheStyleSheets() {
        assertTrue(HTML.contains("<script type=\"module\" src=\"/assets/js/app.js\"></script>"));
        assertTrue(HTML.contains("href=\"/assets/css/playground.css\""));
        assertTrue(HTML.contains("href=\"/webjars/uplot/1.6.30/dist/uPlot.min.css\""));
        for (String module : PlaygroundPage.MODULES) {
            assertTrue(HTML.contains("<link rel=\"modulepreload\" href=\"/assets/js/" + module + "\">"), module);
        }
    }

    @Test
    void everyControlAndReadoutIsThereOnce() {
        for (String id : concat(CONTROLS, READOUTS)) {
            assertEquals(1, count("id=\"" + id + "\""), id);
        }
        List<String> ids = allMatches("\\sid=\"([^\"]+)\"");
        assertEquals(new HashSet<>(ids).size(), ids.size(), "ids repeat: " + ids);
    }

    @Test
    void everyFormElementHasALabel() {
        Set<String> labelled = new HashSet<>(allMatches("<label[^>]*\\sfor=\"([^\"]+)\""));
        Matcher m = Pattern.compile("<(input|select|textarea)\\b[^>]*>").matcher(HTML);
        int elements = 0;
        while (m.find()) {
            String tag = m.group();
            Matcher id = Pattern.compile("\\sid=\"([^\"]+)\"").matcher(tag);
            assertTrue(id.find(), "form element without an id: " + tag);
            assertTrue(labelled.contains(id.group(1)) || tag.contains("aria-label="),
                    "no label for " + id.group(1));
            elements++;
        }
        assertTrue(elements >= 35, "form elements: " + elements);
    }

    @Test
    void everyButtonHasAnAccessibleName() {
        Matcher m = Pattern.compile("<button\\b([^>]*)>(.*?)</button>", Pattern.DOTALL).matcher(HTML);
        int buttons = 0;
        while (m.find()) {
            String attributes = m.group(1);
            String text = m.group(2).replaceAll("<svg.*?</svg>", "").replaceAll("<[^>]+>", "").trim();
            assertTrue(attributes.contains("type=\"button\""), "button without type: " + attributes);
            assertTrue(attributes.contains("aria-label=\"") || !text.isEmpty(), "unnamed button: " + m.group());
            buttons++;
        }
        assertTrue(buttons >= 12, "buttons: " + buttons);
    }

    @Test
    void controlsStartAtTensorFlowPlaygroundsDefaults() {
        assertTrue(HTML.contains("<option value=\"0.03\" selected>0.03</option>"));
        assertTrue(HTML.contains("<option value=\"tanh\" selected>Tanh</option>"));
        assertTrue(HTML.contains("<option value=\"circle\" selected>Circle</option>"));
        assertTrue(HTML.contains("id=\"feature-x1\" value=\"x1\" checked"));
        assertTrue(HTML.contains("id=\"feature-x2\" value=\"x2\" checked"));
        assertFalse(HTML.contains("id=\"feature-x1sq\" value=\"x1sq\" checked"));
    }

    @Test
    void learningRatesAreTensorFlowPlaygroundsList() {
        for (String rate : List.of("0.00001", "0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3",
                "10")) {
            assertTrue(HTML.contains("<option value=\"" + rate + "\""), rate);
        }
    }

    @Test
    void requestsNothingOutsideTheServer() {
        for (String attribute : allMatches("\\s(?:src|href)=\"([^\"]+)\"")) {
            assertTrue(attribute.startsWith("/") || attribute.startsWith("#") || attribute.startsWith("data:"),
                    "outside reference: " + attribute);
        }
    }

    /** Every element the playground's modules look up by a fixed id is in the page (other pages test their own). */
    @Test
    void everyElementTheScriptsLookUpExists() throws IOException {
        Path js = Path.of("web", "js");
        assertTrue(Files.isDirectory(js), "run from the project folder: " + js.toAbsolutePath());
        Pattern lookup = Pattern.compile("(?:\\$|getElementById|onChange|numberField|setValue|show)\\('([a-z0-9-]+)'");
        List<String> playground = new java.util.ArrayList<>(PlaygroundPage.MODULES);
        playground.add(PlaygroundPage.APP_MODULE.substring(PlaygroundPage.APP_MODULE.lastIndexOf('/') + 1));
        int found = 0;
        try (Stream<Path> files = Files.list(js)) {
            for (Path file : (Iterable<Path>) files.filter(f -> playground.contains(f.getFileName().toString()))::iterator) {
                Matcher m = lookup.matcher(Files.readString(file));
                while (m.find()) {
                    String id = m.group(1);
                    if (id.equals("neuron-tooltip")) {
                        continue; // made by diagram.js itself
                    }
                    assertEquals(1, count("id=\"" + id + "\""), file.getFileName() + " looks up #" + id);
                    found++;
                }
            }
        }
        assertTrue(found >= 30, "lookups found: " + found);
    }

    @Test
    void instrumentsSitBelowTheNetworkAndStartOff() {
        assertTrue(HTML.indexOf("id=\"instruments\"") > HTML.indexOf("id=\"network\""));
        assertTrue(HTML.contains("<option value=\"\" selected>Off</option>"), "hidden space starts off");
        assertTrue(HTML.contains("<canvas id=\"histogram\"") && HTML.contains("<canvas id=\"hidden-space\""));
    }

    @Test
    void optionalFieldsStartHidden() {
        for (String id : List.of("momentum", "beta1", "beta2", "init-constant", "leaky-slope", "elu-alpha")) {
            assertTrue(HTML.contains("<div class=\"field\" hidden><label for=\"" + id + "\""), id);
        }
        assertTrue(HTML.contains("id=\"diverged-banner\" class=\"banner diverged\" role=\"alert\" hidden"));
    }

    @Test
    void stepThroughPanelStartsHiddenWithALiveRegion() {
        assertTrue(HTML.contains("id=\"step-panel\" class=\"panel step-panel\" aria-labelledby=\"step-heading\" "
                + "tabindex=\"-1\" hidden"), "step panel hidden until step-through");
        assertTrue(HTML.contains("id=\"step-live\" class=\"visually-hidden\" role=\"status\" aria-live=\"polite\""));
        assertTrue(HTML.contains("aria-controls=\"step-panel\""));
        assertTrue(HTML.contains("id=\"weight-focus\" class=\"weight-focus\" hidden"));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static int count(String needle) {
        int n = 0;
        for (int i = HTML.indexOf(needle); i >= 0; i = HTML.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static List<String> allMatches(String regex) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(HTML);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
