package org.layerlab.pages;

import static j2html.TagCreator.a;
import static j2html.TagCreator.body;
import static j2html.TagCreator.button;
import static j2html.TagCreator.canvas;
import static j2html.TagCreator.caption;
import static j2html.TagCreator.details;
import static j2html.TagCreator.div;
import static j2html.TagCreator.document;
import static j2html.TagCreator.each;
import static j2html.TagCreator.em;
import static j2html.TagCreator.fieldset;
import static j2html.TagCreator.figure;
import static j2html.TagCreator.footer;
import static j2html.TagCreator.h1;
import static j2html.TagCreator.h2;
import static j2html.TagCreator.head;
import static j2html.TagCreator.header;
import static j2html.TagCreator.html;
import static j2html.TagCreator.input;
import static j2html.TagCreator.label;
import static j2html.TagCreator.legend;
import static j2html.TagCreator.link;
import static j2html.TagCreator.main;
import static j2html.TagCreator.noscript;
import static j2html.TagCreator.p;
import static j2html.TagCreator.progress;
import static j2html.TagCreator.script;
import static j2html.TagCreator.section;
import static j2html.TagCreator.span;
import static j2html.TagCreator.summary;
import static j2html.TagCreator.table;
import static j2html.TagCreator.tbody;
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.tr;

import j2html.tags.DomContent;
import j2html.tags.specialized.DivTag;
import java.util.List;

/**
 * The learning-rate page ({@code /learning-rate}): one network (a preset or the playground's
 * choices), then three experiments on it, each run as a job on the server (docs/protocol.md,
 * "Learning-rate page"): the final losses of many seeds (the minima), final loss against learning
 * rate (the sweep), and the loss over a plane through one run's weights (the landscape). The module
 * web/js/lr.js binds these elements by id; the ids are a contract with the browser test.
 */
public final class LearningRatePage {

    public static final String PATH = "/learning-rate";
    public static final String APP_MODULE = "/assets/js/lr.js";
    public static final String STYLESHEET = "/assets/css/lr.css";
    static final List<String> MODULES = List.of("lr-jobs.js", "lr-format.js", "lr-strip.js", "lr-sweep-chart.js",
            "contour.js", "url-state.js");

    private static final String[] LEARNING_RATES = {"0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1",
        "3", "10"};


    private LearningRatePage() {
    }

    /** The whole HTML document. */
    public static String render() {
        return document(html(
                head(
                        PageHead.common("LayerLab — minima and the learning rate",
                                "Train one network from many seeds and at many"
                                + " learning rates, and look at the loss around its weights."),
                        link().withRel("stylesheet").withHref(PlaygroundPage.STYLESHEET),
                        link().withRel("stylesheet").withHref(PlaygroundPage.UPLOT_STYLESHEET),
                        link().withRel("stylesheet").withHref(STYLESHEET),
                        each(MODULES, m -> link().withRel("modulepreload").withHref("/assets/js/" + m)),
                        script().withType("module").withSrc(APP_MODULE)),
                body(
                        a("Skip to the experiments").withHref("#main").withClass("skip-link"),
                        header(div(h1("LayerLab"), p("Minima and the learning rate").withClass("tagline"),
                                SiteNav.menu(PATH)).withClass("brand")).withClass("topbar lr-topbar"),
                        main(intro(), networkPanel(), minimaPanel(), sweepPanel(), landscapePanel())
                                .withId("main").withClass("lr-main").attr("tabindex", "-1"),
                        footer(p("Every number is computed on the server by LayerLab's Java core (training.SeedMinima,"
                                        + " training.LearningRateSweep, insight.LossLandscape), deterministic for a"
                                        + " seed; `layerlab minima` and `layerlab sweep` give the same numbers"
                                        + " headless. See docs/learning-rate.md."),
                                noscript(p("This page needs JavaScript to run its experiments.")))
                                .withClass("page-footer"))
        ).attr("lang", "en"));
    }

    private static DomContent intro() {
        return section(
                h2("Where does training land?").withId("intro-heading"),
                p("Real data is high-dimensional and the loss over the weights is not a bowl: it has many"
                        + " minima. Train the same network from different random starting weights and it ends"
                        + " at different losses; train it at different learning rates and the rate decides"
                        + " whether it crawls, lands well, bounces out of the narrow valleys or blows up.")
                        .withClass("lead"))
                .withClass("panel lr-intro").attr("aria-labelledby", "intro-heading");
    }

    // ------------------------------------------------------------------ the network

    private static DomContent networkPanel() {
        return section(
                h2("The network").withId("network-heading"),
                div(
                        PlaygroundPage.selectField("preset", "Preset", "w1",
                                "w1", "W1: circle, x₁ x₂, 4-2 tanh", "w2", "W2: spiral, 7 features, 6×8 ReLU",
                                "custom", "My own choices"),
                        datasetField(),
                        PlaygroundPage.numberField("noise", "Noise (%)", "0", "0", "50", "5"),
                        div(label("Hidden layers").attr("for", "hidden"),
                                input().withType("text").withId("hidden").withValue("4, 2")
                                        .attr("inputmode", "numeric").attr("spellcheck", "false")
                                        .attr("aria-describedby", "hidden-hint"),
                                span("Neurons per layer, e.g. 8, 8").withId("hidden-hint").withClass("hint"))
                                .withClass("field"),
                        PlaygroundPage.selectField("activation", "Activation", "tanh", "tanh", "Tanh", "sigmoid",
                                "Sigmoid", "relu", "ReLU", "leakyrelu", "Leaky ReLU", "elu", "ELU", "linear", "Linear"),
                        PlaygroundPage.selectField("learning-rate", "Learning rate", "0.03", pairs(LEARNING_RATES)),
                        PlaygroundPage.numberField("batch-size", "Batch size", "10", "1", "1000", "1"),
                        PlaygroundPage.numberField("epochs", "Epochs per run", "300", "1", "5000", "50"),
                        PlaygroundPage.numberField("seed", "First seed", "1", "0", "9007199254740991", "1"),
                        PlaygroundPage.selectField("vary", "A seed changes", "weights",
                                "weights", "the initial weights only", "all", "the data and the initial weights"))
                        .withClass("lr-form"),
                fieldset(legend("Input features"),
                        div(each(PlaygroundPage.FEATURES, f -> div(
                                input().withType("checkbox").withId("feature-" + f[0]).withValue(f[0])
                                        .withCondChecked(f[0].equals("x1") || f[0].equals("x2")),
                                label(f[1]).attr("for", "feature-" + f[0]).attr("aria-label", f[2]))
                                .withClass("check"))).withClass("checks")).withClass("lr-features"),
                p("").withId("network-summary").withClass("hint lr-summary").attr("aria-live", "polite"))
                .withClass("panel lr-network").attr("aria-labelledby", "network-heading");
    }

    private static DivTag datasetField() {
        return PlaygroundPage.selectField("dataset", "Data set", "circle", "circle", "Circle", "xor", "Exclusive or",
                "gauss", "Two Gaussians", "spiral", "Spiral", "moons", "Moons", "checkerboard", "Checkerboard",
                "spiral3", "Three-arm spiral", "plane", "Plane (regression)", "multigauss",
                "Several Gaussians (regression)");
    }

    private static String[] pairs(String[] values) {
        String[] out = new String[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            out[2 * i] = values[i];
            out[2 * i + 1] = values[i];
        }
        return out;
    }

    // ------------------------------------------------------------------ the three experiments

    /** Run and cancel buttons, a progress bar and a status line: one per experiment. */
    private static DivTag runBar(String prefix, String runText) {
        return div(
                button(runText).withId(prefix + "-run").withType("button").withClass("text-button lr-run"),
                button("Cancel").withId(prefix + "-cancel").withType("button").withClass("text-button").attr("hidden"),
                progress().withId(prefix + "-progress").attr("max", "1").attr("value", "0")
                        .attr("aria-label", runText + ": progress").attr("hidden"),
                span("").withId(prefix + "-status").withClass("lr-status").attr("role", "status")
                        .attr("aria-live", "polite"))
                .withClass("lr-runbar");
    }

    private static DomContent minimaPanel() {
        return section(
                h2("Many seeds, many minima").withId("minima-heading"),
                p("The same network and data, trained from K random starting points for the same number of"
                        + " epochs. Each dot is one seed's final loss: the spread is the spread of the minima"
                        + " gradient descent finds.").withClass("lr-explain"),
                div(PlaygroundPage.numberField("minima-seeds", "Seeds K", "20", "1", "50", "1"),
                        runBar("minima", "Train every seed")).withClass("lr-controls"),
                figure(canvas().withId("minima-chart").withClass("lr-strip").attr("tabindex", "0")
                                .attr("role", "img").attr("aria-label", "Final loss of every seed; run the seeds to"
                                        + " see it. Arrow keys move between seeds."),
                        div(p("").withId("minima-readout").withClass("lr-readout").attr("aria-live", "polite"),
                                button("Open in the playground").withId("minima-open").withType("button")
                                        .withClass("text-button").attr("disabled", ""),
                                button("Its landscape").withId("minima-landscape").withType("button")
                                        .withClass("text-button").attr("disabled", ""))
                                .withClass("lr-pick"))
                        .withClass("lr-figure"),
                p().withId("minima-summary").withClass("lr-verdict").attr("aria-live", "polite"),
                details(summary("Every seed (open one in the playground)"),
                        table(caption("Final losses per seed").withClass("visually-hidden"),
                                thead(tr(th("Seed").attr("scope", "col"), th("Training loss").attr("scope", "col"),
                                        th("Test loss").attr("scope", "col"), th("Test accuracy").attr("scope", "col"),
                                        th("Open").attr("scope", "col"))),
                                tbody().withId("minima-table-body")).withClass("lr-table"))
                        .withId("minima-details").withClass("lr-details"))
                .withClass("panel lr-minima").attr("aria-labelledby", "minima-heading");
    }

    private static DomContent sweepPanel() {
        return section(
                h2("Final loss against learning rate").withId("sweep-heading"),
                p("The same network trained at learning rates spaced evenly on a log scale, a few seeds each,"
                        + " for the same number of epochs. Too small and it has barely moved; too large and it"
                        + " bounces out of the minima, saturates or diverges.").withClass("lr-explain"),
                div(PlaygroundPage.numberField("sweep-min", "Smallest rate", "0.0001", "0.000001", "10", "any"),
                        PlaygroundPage.numberField("sweep-max", "Largest rate", "10", "0.000001", "10", "any"),
                        PlaygroundPage.numberField("sweep-per-decade", "Rates per ×10", "4", "1", "8", "1"),
                        PlaygroundPage.numberField("sweep-seeds", "Seeds per rate", "3", "1", "10", "1"),
                        PlaygroundPage.selectField("sweep-loss", "Loss shown", "test", "test", "Test loss", "train",
                                "Training loss"),
                        runBar("sweep", "Run the sweep")).withClass("lr-controls"),
                figure(div().withId("sweep-chart").withClass("lr-sweep-chart").attr("role", "img")
                        .attr("aria-label", "Final loss against learning rate, log–log; the numbers are in the table"
                                + " below.")).withClass("lr-figure"),
                p().withId("sweep-verdict").withClass("lr-verdict").attr("aria-live", "polite"),
                details(summary("Every rate"),
                        table(caption("Median final loss per learning rate").withClass("visually-hidden"),
                                thead(tr(th("Rate").attr("scope", "col"), th("Median loss").attr("scope", "col"),
                                        th("Each seed").attr("scope", "col"), th("Diverged").attr("scope", "col"),
                                        th("Landscape").attr("scope", "col"))),
                                tbody().withId("sweep-table-body")).withClass("lr-table"))
                        .withId("sweep-details").withClass("lr-details"))
                .withClass("panel lr-sweep").attr("aria-labelledby", "sweep-heading");
    }

    private static DomContent landscapePanel() {
        return section(
                h2("The loss around one run's weights").withId("landscape-heading"),
                playgroundSource(),
                p(span("The training loss over a plane through the trained weights (the centre): θ + αδ + βη, with"
                        + " δ and η two directions in weight space. "), em("Random"), span(" directions are drawn"
                        + " from a seed and scaled neuron by neuron to the size of that neuron's weights (Li et al."
                        + " 2018); the "), em("principal"), span(" directions are the two along which the training"
                        + " path moved most. The path is drawn as its shadow on the plane.")).withClass("lr-explain"),
                div(PlaygroundPage.numberField("land-seed", "Run's seed", "1", "0", "9007199254740991", "1")
                                .withId("land-seed-field"),
                        PlaygroundPage.numberField("land-rate", "Run's learning rate", "0.03", "0.000001", "10", "any"),
                        PlaygroundPage.selectField("land-directions", "Directions", "random", "random",
                                "Random, filter-normalised", "pca", "Principal directions of the path")
                                .with(span("").withId("land-directions-hint").withClass("hint").attr("hidden")),
                        PlaygroundPage.numberField("land-direction-seed", "Direction seed", "1", "0",
                                "9007199254740991", "1"),
                        PlaygroundPage.numberField("land-radius", "Radius r", "1", "0.01", "100", "any"),
                        PlaygroundPage.selectField("land-resolution", "Grid", "41", "21", "21 × 21", "41", "41 × 41",
                                "61", "61 × 61", "81", "81 × 81", "101", "101 × 101"),
                        runBar("land", "Draw the landscape"),
                        button("Fit the radius to the path").withId("land-fit-radius").withType("button")
                                .withClass("text-button").attr("disabled", ""))
                        .withClass("lr-controls"),
                div(
                        figure(canvas().withId("land-canvas").withClass("lr-contour").attr("tabindex", "0")
                                        .attr("role", "img").attr("aria-label", "Loss landscape; draw it to see it."
                                                + " Arrow keys move a cross-hair, its loss is read out below."),
                                div(span("").withId("land-legend-low"), canvas().withId("land-legend")
                                                .withClass("lr-legend").attr("aria-hidden", "true"),
                                        span("").withId("land-legend-high")).withClass("lr-legend-row")
                                        .attr("role", "group").attr("aria-label", "Colour scale: the loss, low to high,"
                                                + " on a log scale"))
                                .withClass("lr-figure lr-contour-figure"),
                        div(
                                div(span("Loss at the trained weights (centre)").withId("land-centre-label")
                                                .withClass("metric-label"),
                                        span("—").withId("land-centre").withClass("metric-value")).withClass("metric"),
                                div(span("Lowest and highest on the plane").withClass("metric-label"),
                                        span("—").withId("land-range").withClass("metric-value")).withClass("metric"),
                                div(span("Share of the path in the plane").withClass("metric-label"),
                                        span("—").withId("land-fit").withClass("metric-value")).withClass("metric"),
                                p("").withId("land-note").withClass("lr-note"),
                                p("").withId("land-readout").withClass("hint lr-readout").attr("aria-live", "polite"))
                                .withClass("lr-land-side"))
                        .withClass("lr-land-body"))
                .withId("landscape").withClass("panel lr-landscape").attr("aria-labelledby", "landscape-heading");
    }

    /**
     * The run the playground handed over ("Loss landscape" there, web/js/app.js): shown instead of the
     * seed when present; lr.js fills in the network and unhides it.
     */
    private static DomContent playgroundSource() {
        // one child: .banner lays its children out in a row
        return div(div(
                p("").withId("land-source-text"),
                p("The plane goes through your network's weights as they are now, and the loss is measured on the"
                        + " training points its config generates — the very points the playground trains it on."
                        + " With 0 epochs nothing is trained: the map is the loss around the network you have. Train"
                        + " on for some epochs and a copy of it trains on here (the same data and settings, at the"
                        + " run's learning rate below, with a fresh optimizer and epoch order): the path starts at"
                        + " your network, and the plane is centred where the copy ends — where training goes from"
                        + " here. The network in the playground does not change.").withClass("lr-explain"),
                div(PlaygroundPage.numberField("land-train-on", "Train on (epochs)", "0", "0", "5000", "10"),
                        a("Back to the playground").withId("land-back").withHref("/").withClass("text-button"),
                        button("Use the form's run instead").withId("land-forget").withType("button")
                                .withClass("text-button"))
                        .withClass("lr-controls")))
                .withId("land-source").withClass("banner message").attr("role", "group")
                .attr("aria-labelledby", "land-source-text").attr("hidden");
    }
}
