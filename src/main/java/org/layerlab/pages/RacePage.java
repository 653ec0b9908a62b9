package org.layerlab.pages;

import static j2html.TagCreator.a;
import static j2html.TagCreator.body;
import static j2html.TagCreator.button;
import static j2html.TagCreator.caption;
import static j2html.TagCreator.details;
import static j2html.TagCreator.div;
import static j2html.TagCreator.document;
import static j2html.TagCreator.each;
import static j2html.TagCreator.fieldset;
import static j2html.TagCreator.figcaption;
import static j2html.TagCreator.figure;
import static j2html.TagCreator.footer;
import static j2html.TagCreator.form;
import static j2html.TagCreator.h1;
import static j2html.TagCreator.h2;
import static j2html.TagCreator.h3;
import static j2html.TagCreator.head;
import static j2html.TagCreator.header;
import static j2html.TagCreator.html;
import static j2html.TagCreator.input;
import static j2html.TagCreator.label;
import static j2html.TagCreator.legend;
import static j2html.TagCreator.link;
import static j2html.TagCreator.main;
import static j2html.TagCreator.noscript;
import static j2html.TagCreator.option;
import static j2html.TagCreator.p;
import static j2html.TagCreator.rawHtml;
import static j2html.TagCreator.script;
import static j2html.TagCreator.section;
import static j2html.TagCreator.select;
import static j2html.TagCreator.span;
import static j2html.TagCreator.summary;
import static j2html.TagCreator.table;
import static j2html.TagCreator.tbody;
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.tr;

import j2html.tags.DomContent;
import j2html.tags.specialized.DivTag;
import j2html.tags.specialized.OptionTag;
import java.util.ArrayList;
import java.util.List;

/**
 * The race page: which setting learns faster? The setup (a preset race or one the student builds),
 * the live race on one seed, and the repeat over seeds with its statistics. The markup is static;
 * web/js/race-app.js fills the contestants in and keeps everything live over the race socket
 * ({@code /race/ws}). The element ids are a contract with the browser tests.
 */
public final class RacePage {

    public static final String PATH = "/race";
    /** The browser's entry module. */
    public static final String APP_MODULE = "/assets/js/race-app.js";
    /** Every module race-app.js imports, preloaded so that they are fetched in parallel. */
    static final List<String> MODULES = List.of("race-wire.js", "race-socket.js", "race-setup.js", "race-link.js",
            "race-saved-result.js", "race-chart.js", "race-distribution.js", "heatmap.js", "colors.js", "scales.js",
            "losschart.js");
    static final List<String> STYLESHEETS = List.of("/assets/css/playground.css", "/assets/css/race.css",
            "/webjars/uplot/1.6.30/dist/uPlot.min.css");

    /** The datasets a custom race offers: the two-class sets, whose maps and targets read the same way. */
    static final String[] DATASETS = {"circle", "Circle", "xor", "Exclusive or (XOR)", "gauss", "Two Gaussians",
        "spiral", "Spiral", "moons", "Moons", "checkerboard", "Checkerboard"};
    static final String[] ACTIVATIONS = {"tanh", "Tanh", "sigmoid", "Sigmoid", "relu", "ReLU", "leakyrelu",
        "Leaky ReLU", "elu", "ELU", "softplus", "Softplus", "linear", "Linear", "sine", "Sine"};
    static final String[] INITS = {"playground", "TF Playground (±0.5)", "xavier", "Xavier", "he", "He",
        "zero", "Zero", "identical", "Identical"};
    static final String[] OPTIMIZERS = {"sgd", "SGD", "momentum", "Momentum", "adam", "Adam"};
    static final String[] LEARNING_RATES = {"0.001", "0.001", "0.003", "0.003", "0.01", "0.01", "0.03", "0.03",
        "0.1", "0.1", "0.3", "0.3", "1", "1", "3", "3"};
    static final String[] SETTINGS = {"activation", "Activation", "init", "Initialisation", "optimizer",
        "Optimizer", "learningRate", "Learning rate", "depth", "Depth (hidden layers)"};
    static final String[] SPEEDS = {"10", "10 epochs/s", "30", "30 epochs/s", "100", "100 epochs/s", "300",
        "300 epochs/s", "1000", "1,000 epochs/s", "0", "As fast as possible"};

    private RacePage() {
    }

    /** The whole HTML document. */
    public static String render() {
        return document(html(
                head(
                        PageHead.common("LayerLab — race: which setting learns faster?",
                                "Race networks that differ in one setting on"
                                + " the same data and seeds, and see how many epochs each needs."),
                        each(STYLESHEETS, href -> link().withRel("stylesheet").withHref(href)),
                        each(MODULES, m -> link().withRel("modulepreload").withHref("/assets/js/" + m)),
                        script().withType("module").withSrc(APP_MODULE)),
                body(
                        a("Skip to the race").withHref("#main").withClass("skip-link"),
                        topBar(),
                        banners(),
                        main(setupPanel(), livePanel(), repeatPanel()).withId("main").withClass("race-layout")
                                .attr("tabindex", "-1"),
                        footer(p("Fair races: every contestant gets the same points and the same seed; only the"
                                + " setting under test differs. Keyboard: every control is reachable with Tab; in"
                                + " the seed table, Watch loads that seed into the live race."),
                                noscript(p("The race page needs JavaScript."))).withClass("page-footer"))
                        .attr("data-connected", "false")
        ).attr("lang", "en"));
    }

    private static DomContent topBar() {
        return header(
                div(h1("LayerLab"), p("Race: which setting learns faster?").withClass("tagline"),
                        span("Connecting…").withId("connection-status").withClass("connection")
                                .attr("role", "status"), SiteNav.menu(PATH)).withClass("brand"))
                .withClass("topbar");
    }

    private static DomContent banners() {
        return div(div(span().withId("message-text").attr("role", "status").attr("aria-live", "polite"),
                        button("Dismiss").withId("dismiss-message").withType("button").withClass("banner-button"))
                        .withId("messages").withClass("banner message").attr("hidden"))
                .withClass("banners");
    }

    // ------------------------------------------------------------------ 1. setup

    private static DomContent setupPanel() {
        OptionTag[] contestantsCount = {option("2").withValue("2"), option("3").withValue("3"),
            option("4").withValue("4").isSelected()};
        List<DomContent> contestantRows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            contestantRows.add(div(
                    span().withClass("swatch contestant-swatch").attr("data-index", String.valueOf(i))
                            .attr("aria-hidden", "true"),
                    label("Contestant " + (i + 1)).attr("for", "contestant-" + i),
                    select().withId("contestant-" + i).withClass("contestant-value"))
                    .withClass("contestant-row").attr("data-index", String.valueOf(i)));
        }
        return section(
                h2("1 · Setup").withId("setup-title"),
                form(
                        div(label("Race").attr("for", "race-preset"),
                                select(option("Default race — circle (W1)").withValue("circle").isSelected(),
                                        option("Default race — spiral (W2)").withValue("spiral"),
                                        option("Custom race").withValue("custom")).withId("race-preset"))
                                .withClass("field"),
                        p().withId("preset-summary").withClass("race-summary"),
                        fieldset(legend("Custom race: the shared network"),
                                div(
                                        selectField("dataset", "Data", "circle", DATASETS),
                                        selectField("features", "Inputs", "x1x2", "x1x2", "x₁, x₂",
                                                "all", "All seven features"),
                                        textField("hidden-layers", "Hidden layers (neurons each)", "4, 2",
                                                "hidden-layers-hint"),
                                        numberField("width", "Neurons per hidden layer", "4", "1", "64", "1")
                                                .attr("hidden"),
                                        selectField("base-activation", "Activation", "tanh", ACTIVATIONS),
                                        selectField("base-init", "Initialisation", "playground", INITS),
                                        selectField("base-optimizer", "Optimizer", "sgd", OPTIMIZERS),
                                        selectField("base-learning-rate", "Learning rate", "0.03", LEARNING_RATES),
                                        numberField("batch-size", "Batch size", "10", "1", "1000", "1"))
                                        .withClass("setup-grid"),
                                p("e.g. 4, 2 — or leave empty for none").withId("hidden-layers-hint")
                                        .withClass("hint"))
                                .withId("custom-base").attr("hidden"),
                        fieldset(legend("Contestants: the setting under test"),
                                div(
                                        selectField("setting", "Setting under test", "activation", SETTINGS),
                                        div(label("Contestants").attr("for", "contestant-count"),
                                                select(contestantsCount).withId("contestant-count"))
                                                .withClass("field"))
                                        .withClass("setup-grid"),
                                div(each(contestantRows, row -> row)).withClass("contestant-rows"))
                                .withId("custom-contestants").attr("hidden"),
                        fieldset(legend("Finish line"),
                                div(
                                        numberField("target", "Target test loss", "0.05", "0.0001", "10", "any"),
                                        numberField("max-epochs", "Max epochs", "2000", "1", "20000", "1"),
                                        numberField("seeds", "Seeds K", "20", "1", "100", "1"),
                                        numberField("first-seed", "First seed", "1", "0", "9007199254740991", "1"))
                                        .withClass("setup-grid")),
                        div(button("Set up this race").withId("apply-race").withType("submit")
                                        .withClass("text-button primary"),
                                span().withId("setup-state").withClass("hint").attr("role", "status"))
                                .withClass("setup-actions"))
                        .withId("race-form").attr("novalidate"),
                shareField())
                .withClass("panel setup-panel").attr("aria-labelledby", "setup-title");
    }

    /**
     * The link to this race (web/js/race-link.js keeps the setup in the URL's hash): read-only, so
     * that where the clipboard cannot be written the page selects it for the student to copy.
     */
    private static DomContent shareField() {
        return div(label("Link to this race").attr("for", "race-link"),
                div(input().withType("text").withId("race-link").attr("readonly").attr("autocomplete", "off")
                                .attr("spellcheck", "false").attr("aria-describedby", "race-link-hint"),
                        button("Copy link").withId("copy-link").withType("button").withClass("text-button"))
                        .withClass("inline share-row"),
                p("Opens this race as it is set up here, with the live race's seed: the same numbers on any"
                        + " computer, as a race is deterministic for a seed.").withId("race-link-hint")
                        .withClass("hint"),
                p().withId("copy-state").withClass("copy-state").attr("role", "status").attr("aria-live", "polite"))
                .withClass("field share-field");
    }

    // ------------------------------------------------------------------ 2. live race

    private static DomContent livePanel() {
        return section(
                div(h2("2 · Live race on one seed").withId("live-title"),
                        p("Every contestant trains one epoch per tick, in lock-step, on the same points.")
                                .withClass("hint")).withClass("panel-head"),
                div(
                        button("Play").withId("live-play").withType("button").withClass("text-button primary")
                                .attr("data-state", "paused"),
                        button("Reset").withId("live-reset").withType("button").withClass("text-button"),
                        div(label("Seed").attr("for", "live-seed"),
                                div(input().withType("number").withId("live-seed").withValue("1").attr("min", "0")
                                                .attr("step", "1"),
                                        button("Load seed").withId("live-load-seed").withType("button")
                                                .withClass("text-button")).withClass("inline"))
                                .withClass("field"),
                        selectField("live-speed", "Speed", "100", SPEEDS),
                        div(span("Epoch").withClass("counter-label"), span("0").withId("live-epoch")
                                .withClass("counter")).withClass("live-epoch-box"),
                        span("Paused").withId("live-state").withClass("run-state").attr("role", "status"))
                        .withClass("live-controls").attr("role", "group").attr("aria-label", "Live race"),
                div().withId("contestant-cards").withClass("contestant-cards"),
                div(h3("Test loss, one curve per contestant").withId("race-chart-title"),
                        div().withId("race-chart").withClass("race-chart").attr("role", "img")
                                .attr("aria-labelledby", "race-chart-title"),
                        div().withId("race-chart-legend").withClass("race-legend"))
                        .withClass("chart-box"))
                .withClass("panel live-panel").attr("aria-labelledby", "live-title");
    }

    // ------------------------------------------------------------------ 3. repeat over seeds

    private static DomContent repeatPanel() {
        return section(
                div(h2("3 · Repeat over seeds").withId("repeat-title"),
                        p("The same race on K seeds, run on the server: how many epochs each contestant needs to"
                                + " reach the target, seed after seed.").withClass("hint")).withClass("panel-head"),
                div(
                        button("Run over 20 seeds").withId("repeat-run").withType("button")
                                .withClass("text-button primary"),
                        button("Cancel").withId("repeat-cancel").withType("button").withClass("text-button")
                                .attr("disabled"),
                        div(label("Progress").attr("for", "repeat-progress").withClass("field-label"),
                                rawHtml("<progress id=\"repeat-progress\" max=\"1\" value=\"0\"></progress>"))
                                .withClass("progress-field"),
                        span("Not run yet").withId("repeat-state").attr("role", "status").withClass("repeat-state"))
                        .withClass("repeat-controls"),
                div(
                        p().withId("restored-note").withClass("restored-note").attr("hidden"),
                        div(selectField("ratio-reference", "Ratio of medians relative to", "0", "0", "—"),
                                p().withId("result-summary").withClass("hint")).withClass("result-head"),
                        div(table(caption().withId("stats-caption"),
                                thead(tr(th("Contestant").attr("scope", "col"), th("Median").attr("scope", "col"),
                                        th("Q1").attr("scope", "col"), th("Q3").attr("scope", "col"),
                                        th("Not reached").attr("scope", "col"),
                                        th("Ratio of medians").attr("scope", "col"))),
                                tbody().withId("stats-body")).withId("stats-table").withClass("stats-table"))
                                .withClass("table-scroll"),
                        figure(div().withId("distribution").withClass("distribution"),
                                figcaption().withId("distribution-caption")).withClass("distribution-figure"),
                        details(summary("Every seed, as a table (Watch loads a seed into the live race)"),
                                div(table(caption("Epochs to target per seed; “never” = not reached")
                                                .withClass("visually-hidden"),
                                        thead(tr().withId("seed-head")), tbody().withId("seed-body"))
                                        .withId("seed-table").withClass("stats-table seed-table"))
                                        .withClass("table-scroll"))
                                .withId("seed-details"))
                        .withId("repeat-results").attr("hidden"))
                .withClass("panel repeat-panel").attr("aria-labelledby", "repeat-title");
    }

    // ------------------------------------------------------------------ helpers

    static DivTag selectField(String id, String labelText, String selected, String... options) {
        OptionTag[] tags = new OptionTag[options.length / 2];
        for (int i = 0; i < tags.length; i++) {
            String value = options[2 * i];
            tags[i] = option(options[2 * i + 1]).withValue(value).withCondSelected(value.equals(selected));
        }
        return div(label(labelText).attr("for", id), select(tags).withId(id)).withClass("field");
    }

    static DivTag numberField(String id, String labelText, String value, String min, String max, String step) {
        return div(label(labelText).attr("for", id), input().withType("number").withId(id).withValue(value)
                .attr("min", min).attr("max", max).attr("step", step)).withClass("field");
    }

    static DivTag textField(String id, String labelText, String value, String describedBy) {
        return div(label(labelText).attr("for", id), input().withType("text").withId(id).withValue(value)
                .attr("aria-describedby", describedBy).attr("autocomplete", "off")).withClass("field");
    }

}
