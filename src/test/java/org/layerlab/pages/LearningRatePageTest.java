package org.layerlab.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;

class LearningRatePageTest {

    private static final String HTML = LearningRatePage.render();

    private static Set<String> ids() {
        Set<String> ids = new HashSet<>();
        Matcher m = Pattern.compile(" id=\"([^\"]+)\"").matcher(HTML);
        while (m.find()) {
            assertTrue(ids.add(m.group(1)), "id " + m.group(1) + " is used twice");
        }
        return ids;
    }

    @Test
    void everyElementThePageModuleLooksUpIsOnThePage() throws IOException {
        // lr.js finds its elements with $('id') or $(`prefix-${...}`): every literal id must exist
        String module = Files.readString(Path.of("web/js/lr.js"));
        Set<String> ids = ids();
        Matcher m = Pattern.compile("\\$\\('([a-z0-9-]+)'\\)").matcher(module);
        List<String> missing = new ArrayList<>();
        int found = 0;
        while (m.find()) {
            found++;
            if (!ids.contains(m.group(1))) {
                missing.add(m.group(1));
            }
        }
        assertTrue(found > 40, "found only " + found + " look-ups");
        assertEquals(List.of(), missing);
        for (String part : List.of("minima", "sweep", "land")) {
            for (String suffix : List.of("-run", "-cancel", "-progress", "-status")) {
                assertTrue(ids.contains(part + suffix), part + suffix);
            }
        }
        for (String feature : List.of("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2")) {
            assertTrue(ids.contains("feature-" + feature), feature);
        }
    }

    @Test
    void theLandscapeIsTheTargetOfThePlaygroundsLinkAndItsHandedNetworkBoxStartsHidden() {
        // the playground opens /learning-rate#landscape
        assertTrue(HTML.contains("<section id=\"landscape\" class=\"panel lr-landscape\""), "the landscape part is #landscape");
        Matcher box = Pattern.compile("<div id=\"land-source\"[^>]*>").matcher(HTML);
        assertTrue(box.find());
        assertTrue(box.group().contains(" hidden"), box.group());
        assertTrue(box.group().contains("aria-labelledby=\"land-source-text\""), box.group());
        assertTrue(HTML.contains("<input type=\"number\" id=\"land-train-on\" value=\"0\" min=\"0\" max=\"5000\""),
                "train on: 0 epochs by default, at most the server's 5,000");
    }

    @Test
    void everyFormControlHasALabel() {
        Set<String> labelled = new HashSet<>();
        Matcher labels = Pattern.compile("<label for=\"([^\"]+)\"").matcher(HTML);
        while (labels.find()) {
            labelled.add(labels.group(1));
        }
        Matcher controls = Pattern.compile("<(input|select)[^>]* id=\"([^\"]+)\"").matcher(HTML);
        int count = 0;
        while (controls.find()) {
            count++;
            assertTrue(labelled.contains(controls.group(2)), controls.group(2) + " has no label");
        }
        assertTrue(count >= 25, "controls: " + count);
    }

    @Test
    void isAnEnglishDocumentWithTheMenuMarkingThisPageAndItsModules() {
        assertTrue(HTML.startsWith("<!DOCTYPE html><html lang=\"en\">"));
        assertTrue(HTML.contains("<a href=\"/learning-rate\" aria-current=\"page\">Learning rate</a>"));
        assertTrue(HTML.contains("<script type=\"module\" src=\"/assets/js/lr.js\"></script>"));
        assertTrue(HTML.contains("href=\"/assets/css/playground.css\""));
        assertTrue(HTML.contains("href=\"/assets/css/lr.css\""));
        for (String module : LearningRatePage.MODULES) {
            assertTrue(HTML.contains("<link rel=\"modulepreload\" href=\"/assets/js/" + module + "\">"), module);
            assertTrue(Files.exists(Path.of("web/js", module)), module);
        }
        // the presets start as W1, the playground's defaults
        assertTrue(HTML.contains("<option value=\"w1\" selected>"), "W1 is the preset shown first");
        assertTrue(HTML.contains("id=\"hidden\" value=\"4, 2\""));
    }
}
