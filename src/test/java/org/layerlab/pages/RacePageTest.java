package org.layerlab.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RacePageTest {
    private static final String HTML = RacePage.render();

    /** The ids web/js/race-*.js and the browser tests rely on. */
    private static final List<String> IDS = List.of("race-form", "race-preset", "preset-summary", "custom-base",
            "dataset", "features", "hidden-layers", "width", "base-activation", "base-init", "base-optimizer",
            "base-learning-rate", "batch-size", "custom-contestants", "setting", "contestant-count", "contestant-0",
            "contestant-1", "contestant-2", "contestant-3", "target", "max-epochs", "seeds", "first-seed",
            "apply-race", "setup-state", "live-play", "live-reset", "live-seed", "live-load-seed", "live-speed",
            "live-epoch", "live-state", "contestant-cards", "race-chart", "race-chart-legend", "repeat-run",
            "repeat-cancel", "repeat-progress", "repeat-state", "repeat-results", "ratio-reference", "result-summary",
            "stats-table", "stats-caption", "stats-body", "distribution", "distribution-caption", "seed-details",
            "seed-head", "seed-body", "messages", "message-text", "dismiss-message", "connection-status", "main",
            "race-link", "copy-link", "copy-state", "race-link-hint", "restored-note");

    @Test
    void isAnEnglishDocumentWithThePagesModuleAndStyleSheets() {
        assertTrue(HTML.startsWith("<!DOCTYPE html><html lang=\"en\">"));
        assertTrue(HTML.contains("<script type=\"module\" src=\"/assets/js/race-app.js\"></script>"));
        for (String sheet : RacePage.STYLESHEETS) {
            assertTrue(HTML.contains("<link rel=\"stylesheet\" href=\"" + sheet + "\">"), sheet);
        }
        for (String module : RacePage.MODULES) {
            assertTrue(HTML.contains("<link rel=\"modulepreload\" href=\"/assets/js/" + module + "\">"), module);
        }
        assertTrue(HTML.contains("<a href=\"/race\" aria-current=\"page\">Race</a>"), "the menu marks this page");
    }

    @Test
    void everyIdTheScriptsUseIsThereOnce() {
        for (String id : IDS) {
            int count = HTML.split("id=\"" + Pattern.quote(id) + "\"", -1).length - 1;
            assertEquals(1, count, "id " + id);
        }
    }

    @Test
    void everyControlHasALabel() {
        Matcher controls = Pattern.compile("<(select|input|progress)[^>]*\\bid=\"([^\"]+)\"").matcher(HTML);
        List<String> unlabelled = new ArrayList<>();
        int count = 0;
        while (controls.find()) {
            count++;
            if (!HTML.contains("for=\"" + controls.group(2) + "\"")) {
                unlabelled.add(controls.group(2));
            }
        }
        assertTrue(count >= 20, "found " + count + " controls");
        assertTrue(unlabelled.isEmpty(), "without a label: " + unlabelled);
    }

    @Test
    void everyModuleAndStyleSheetItNamesExists() {
        for (String module : RacePage.MODULES) {
            assertTrue(Files.isRegularFile(Path.of("web/js", module)), module);
        }
        assertTrue(Files.isRegularFile(Path.of("web/css/race.css")));
        assertTrue(Files.isRegularFile(Path.of("web/js/race-app.js")));
    }

    @Test
    void theLinkToTheRaceIsAReadOnlyLabelledFieldWithACopyButtonAndAnAnnouncedConfirmation() {
        assertTrue(HTML.contains("<label for=\"race-link\">Link to this race</label>"));
        assertTrue(HTML.contains("<input type=\"text\" id=\"race-link\" readonly autocomplete=\"off\""
                + " spellcheck=\"false\" aria-describedby=\"race-link-hint\">"), "read-only: selectable, not editable");
        assertTrue(HTML.contains("<button id=\"copy-link\" type=\"button\" class=\"text-button\">Copy link</button>"),
                "a button (not a submit: it sits outside the form anyway)");
        assertTrue(HTML.contains("<p id=\"copy-state\" class=\"copy-state\" role=\"status\" aria-live=\"polite\"></p>"));
        assertTrue(HTML.indexOf("id=\"race-link\"") > HTML.indexOf("</form>"), "outside the form: Enter in it sends no race");
        assertTrue(HTML.contains("<p id=\"restored-note\" class=\"restored-note\" hidden></p>"),
                "kept results are marked as such, hidden until there are some");
    }

    @Test
    void thePresetsAreTheDefaultRacesAndTheCustomRaceOffersEverySettingUnderTest() {
        assertTrue(HTML.contains("<option value=\"circle\" selected>Default race — circle (W1)</option>"));
        assertTrue(HTML.contains("<option value=\"spiral\">Default race — spiral (W2)</option>"));
        for (String setting : List.of("activation", "init", "optimizer", "learningRate", "depth")) {
            assertTrue(HTML.contains("<option value=\"" + setting + "\""), setting);
        }
        assertTrue(HTML.contains("id=\"target\" value=\"0.05\""));
        assertTrue(HTML.contains("id=\"max-epochs\" value=\"2000\""));
        assertTrue(HTML.contains("id=\"seeds\" value=\"20\""));
    }
}
