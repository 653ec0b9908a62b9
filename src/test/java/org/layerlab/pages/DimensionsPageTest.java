package org.layerlab.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.layerlab.training.ExperimentConfig;

class DimensionsPageTest {
    private static final String HTML = DimensionsPage.render();

    private static int count(String needle) {
        int n = 0;
        for (int i = HTML.indexOf(needle); i >= 0; i = HTML.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void isAnEnglishDocumentWithThePlaygroundsStylesAndItsOwnModule() {
        assertTrue(HTML.startsWith("<!DOCTYPE html><html lang=\"en\">"));
        assertTrue(HTML.contains("<title>LayerLab — the curse of dimensionality</title>"));
        assertTrue(HTML.contains("href=\"/assets/css/playground.css\""));
        assertTrue(HTML.contains("href=\"/assets/css/dimensions.css\""));
        assertTrue(HTML.contains("<script type=\"module\" src=\"/assets/js/dimensions.js\"></script>"));
        for (String module : DimensionsPage.MODULES) {
            assertTrue(Files.exists(Path.of("web", "js", module)), module);
            assertTrue(HTML.contains("<link rel=\"modulepreload\" href=\"/assets/js/" + module + "\">"), module);
        }
        assertTrue(HTML.contains("<a href=\"/dimensions\" aria-current=\"page\">Dimensions</a>"), "the menu marks this page");
    }

    @Test
    void everyControlHasALabelAndItsRange() {
        for (String[] control : List.of(new String[] {"points", "10", "2000"}, new String[] {"d-min", "1", "1000"},
                new String[] {"d-max", "1", "1000"}, new String[] {"seed", "0", "9007199254740991"},
                new String[] {"per-unit", "2", "1000"})) {
            String id = control[0];
            assertEquals(1, count("<label for=\"" + id + "\">"), id + " has a label");
            Matcher input = Pattern.compile("<input type=\"number\" id=\"" + id + "\"[^>]*>").matcher(HTML);
            assertTrue(input.find(), id);
            assertTrue(input.group().contains("min=\"" + control[1] + "\"") && input.group().contains("max=\""
                    + control[2] + "\""), input.group());
        }
        assertEquals(1, count("<label for=\"chosen-d\">"));
    }

    @Test
    void theNoiseExperimentHasLabelledControlsAMeasureButtonAndNoFiguresTypedIn() {
        for (String[] control : List.of(new String[] {"noise-points", "10", "5000"},
                new String[] {"noise-seeds", "1", "50"}, new String[] {"noise-epochs", "1", "5000"},
                new String[] {"noise-seed", "0", "9007199254740991"})) {
            String id = control[0];
            assertEquals(1, count("<label for=\"" + id + "\">"), id + " has a label");
            Matcher input = Pattern.compile("<input type=\"number\" id=\"" + id + "\"[^>]*>").matcher(HTML);
            assertTrue(input.find(), id);
            assertTrue(input.group().contains("min=\"" + control[1] + "\"") && input.group().contains("max=\""
                    + control[2] + "\""), input.group());
        }
        assertEquals(1, count("<label for=\"noise-ds\">Noise features d</label>"));
        assertTrue(HTML.contains("value=\"0, 2, 10, 50\""), "the default d values");
        assertTrue(HTML.contains("<button id=\"noise-measure\" type=\"submit\""), "Measure submits the form");
        assertTrue(HTML.contains("<progress id=\"noise-progress\" max=\"1\" value=\"0\" aria-label="));
        assertTrue(HTML.contains("<tbody id=\"noise-body\"></tbody>"), "the table is empty until measured");
        // the network is described from the default config, as the module describes a measured one
        assertEquals("circle, inputs x₁ and x₂, hidden layers of 4 and 2 tanh neurons, learning rate 0.03, batch 10",
                DimensionsPage.describeNetwork(ExperimentConfig.defaults()));
        assertTrue(HTML.contains("<span id=\"noise-network\">" + DimensionsPage.describeNetwork(ExperimentConfig.defaults())
                + "</span>"));
        assertEquals("spiral, inputs x₁ and x₁² and sin x₂, hidden layers of 8 relu neurons, learning rate 0.1, batch 5",
                DimensionsPage.describeNetwork(ExperimentConfig.fromJson("{\"data\": {\"dataset\": \"spiral\"},"
                        + " \"features\": [\"x1\", \"x1sq\", \"sinx2\"], \"network\": {\"hidden\": [8],"
                        + " \"activation\": \"relu\"}, \"training\": {\"learningRate\": 0.1, \"batchSize\": 5}}")));
        for (String figure : List.of("0.711", "0.003", "99.4")) {
            assertFalse(HTML.contains(figure), "no measured figure is typed into the page: " + figure);
        }
    }

    /** Every element the page's modules look up by a fixed id is in the page, once. */
    @Test
    void everyElementTheScriptsLookUpExists() throws IOException {
        Pattern lookup = Pattern.compile("(?:\\$|getElementById|setText)\\('([a-z0-9-]+)'");
        List<String> modules = new ArrayList<>(DimensionsPage.MODULES);
        modules.add("dimensions.js");
        int found = 0;
        for (String module : modules) {
            Matcher m = lookup.matcher(Files.readString(Path.of("web", "js", module)));
            while (m.find()) {
                assertEquals(1, count("id=\"" + m.group(1) + "\""), module + " looks up #" + m.group(1));
                found++;
            }
        }
        assertTrue(found >= 25, "lookups found: " + found);
    }
}
