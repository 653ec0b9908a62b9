package org.layerlab.pages;

import static j2html.TagCreator.a;
import static j2html.TagCreator.body;
import static j2html.TagCreator.button;
import static j2html.TagCreator.canvas;
import static j2html.TagCreator.caption;
import static j2html.TagCreator.code;
import static j2html.TagCreator.dd;
import static j2html.TagCreator.div;
import static j2html.TagCreator.dl;
import static j2html.TagCreator.document;
import static j2html.TagCreator.dt;
import static j2html.TagCreator.each;
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
import static j2html.TagCreator.li;
import static j2html.TagCreator.link;
import static j2html.TagCreator.main;
import static j2html.TagCreator.noscript;
import static j2html.TagCreator.p;
import static j2html.TagCreator.progress;
import static j2html.TagCreator.script;
import static j2html.TagCreator.section;
import static j2html.TagCreator.select;
import static j2html.TagCreator.span;
import static j2html.TagCreator.table;
import static j2html.TagCreator.tbody;
import static j2html.TagCreator.text;
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.tr;
import static j2html.TagCreator.ul;

import j2html.tags.DomContent;
import j2html.tags.specialized.DivTag;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;
import org.layerlab.training.ExperimentConfig;

/**
 * The curse-of-dimensionality page ({@code /dimensions}): controls for the points, the range of
 * dimensions and the seed; three charts against d (the farthest/nearest neighbour ratio, the
 * ball-in-cube fraction, the samples a density needs); a histogram of pairwise distances for one
 * chosen d with its numbers; every number in a table; and the same curse in the playground, with
 * noise features, measured on request (training.NoiseFeatureExperiment as a job on the server's job runner,
 * {@code POST /api/lr/noise}). The numbers come from {@code GET /api/dimensions}
 * (insight.Dimensionality); the modules web/js/dimensions.js and dimensions-noise.js bind the elements
 * by id, which are a contract with the browser tests.
 */
public final class DimensionsPage {

    public static final String PATH = "/dimensions";
    public static final String APP_MODULE = "/assets/js/dimensions.js";
    static final List<String> MODULES = List.of("dimensions-charts.js", "dimensions-histogram.js",
            "dimensions-format.js", "dimensions-noise.js", "dimensions-noise-chart.js", "lr-jobs.js");

    private DimensionsPage() {
    }

    /** The whole HTML document. */
    public static String render() {
        return document(html(
                head(
                        PageHead.common("LayerLab — the curse of dimensionality",
                                "Sample points in 1 to 1,000 dimensions and"
                                + " watch distances concentrate, the ball vanish from the cube and the data needed"
                                + " explode."),
                        link().withRel("stylesheet").withHref(PlaygroundPage.STYLESHEET),
                        link().withRel("stylesheet").withHref("/assets/css/dimensions.css"),
                        link().withRel("stylesheet").withHref(PlaygroundPage.UPLOT_STYLESHEET),
                        each(MODULES, m -> link().withRel("modulepreload").withHref("/assets/js/" + m)),
                        script().withType("module").withSrc(APP_MODULE)),
                body(
                        a("Skip to the measurements").withHref("#main").withClass("skip-link"),
                        header(div(h1("LayerLab"), p("The curse of dimensionality").withClass("tagline"),
                                SiteNav.menu(PATH)).withClass("brand")).withClass("topbar dim-topbar"),
                        main(intro(), controls(), charts(), numbersTable(), noiseSection())
                                .withId("main").withClass("dim-main").attr("tabindex", "-1"),
                        footer(p("The numbers are computed on the server by LayerLab's Java core"
                                        + " (insight.Dimensionality; the noise features by"
                                        + " training.NoiseFeatureExperiment), deterministic for a seed; see"
                                        + " docs/dimensions.md."),
                                noscript(p("This page needs JavaScript to draw its charts.")))
                                .withClass("page-footer"))
        ).attr("lang", "en"));
    }

    private static DomContent intro() {
        return section(
                h2("What happens to space as dimensions grow").withId("intro-heading"),
                p("Draw n points uniformly at random in the unit cube [0, 1]ᵈ, for d from 1 to 1,000, and"
                        + " measure. Three things go wrong for anything that learns from examples: every point"
                        + " becomes about as far from its nearest neighbour as from its farthest, the cube's"
                        + " volume moves into its corners, and the number of examples needed to cover the space"
                        + " grows exponentially.").withClass("lead"))
                .withClass("panel dim-intro").attr("aria-labelledby", "intro-heading");
    }

    private static DomContent controls() {
        return section(
                h2("Sample").withId("controls-heading"),
                form(
                        numberField("points", "Points n", "500", "10", "2000", "Points sampled in every dimension"),
                        numberField("d-min", "Smallest d", "1", "1", "1000", null),
                        numberField("d-max", "Largest d", "1000", "1", "1000", null),
                        numberField("seed", "Seed", "1", "0", "9007199254740991", null),
                        numberField("per-unit", "1-D points per unit n₁", "10", "2", "1000",
                                "The density the sample counts keep: n₁ points per unit length"))
                        .withId("dim-form").withClass("dim-form").attr("novalidate", "")
                        .attr("aria-describedby", "dims-used"),
                p(text("Dimensions measured: "), span("1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000")
                        .withId("dims-used")).withClass("hint"),
                p("Not measured yet.").withId("dim-status").withClass("dim-status").attr("role", "status")
                        .attr("aria-live", "polite"))
                .withClass("panel dim-controls").attr("aria-labelledby", "controls-heading");
    }

    private static DivTag numberField(String id, String labelText, String value, String min, String max, String title) {
        DivTag field = div(label(labelText).attr("for", id),
                input().withType("number").withId(id).withName(id).withValue(value).attr("min", min)
                        .attr("max", max).attr("step", "1").attr("inputmode", "numeric").attr("required", ""))
                .withClass("field");
        return title == null ? field : field.withTitle(title);
    }

    private static DomContent charts() {
        return div(
                chartFigure("ratio", "Farthest ÷ nearest neighbour",
                        "The median over the points of the distance to a point's farthest neighbour divided by the"
                                + " distance to its nearest (log scales); the band spans the middle half of the"
                                + " points."),
                chartFigure("ball", "The ball inside the cube",
                        "The share of the cube [−1, 1]ᵈ inside its inscribed ball, π^(d/2) / (Γ(d/2 + 1)·2ᵈ),"
                                + " exact (line) and the share of the sampled points inside it (dots, where any"
                                + " fell inside)."),
                chartFigure("samples", "Samples for the same density",
                        "How many points keep the density of n₁ points per unit length: a grid needs n₁ᵈ;"
                                + " random points that keep the nearest neighbour as close as in 1-D need more."),
                histogramFigure())
                .withClass("dim-charts");
    }

    private static DomContent chartFigure(String id, String heading, String description) {
        return figure(
                h3(heading).withId(id + "-heading"),
                div().withId("chart-" + id).withClass("dim-chart").attr("role", "img")
                        .attr("aria-labelledby", id + "-heading").attr("aria-describedby", "text-" + id),
                p(description).withClass("hint"),
                figcaption("").withId("text-" + id).withClass("dim-text"))
                .withClass("panel dim-figure");
    }

    private static DomContent histogramFigure() {
        return figure(
                h3("Distances concentrate").withId("histogram-heading"),
                div(label("Dimension d").attr("for", "chosen-d"),
                        select().withId("chosen-d").attr("aria-describedby", "text-histogram"))
                        .withClass("field dim-chosen"),
                canvas().withId("histogram").withClass("dim-histogram").attr("role", "img")
                        .attr("aria-labelledby", "histogram-heading").attr("aria-describedby", "text-histogram"),
                p("All n(n − 1)/2 pairwise distances as a fraction of the cube's diagonal √d (the largest"
                        + " possible distance); the outline is the smallest d for comparison.").withClass("hint"),
                figcaption("").withId("text-histogram").withClass("dim-text"),
                dl(
                        numberRow("chosen-ratio", "Farthest ÷ nearest (median)"),
                        numberRow("chosen-quartiles", "… middle half of the points"),
                        numberRow("chosen-contrast", "Relative contrast (far − near) ÷ near"),
                        numberRow("chosen-nearest", "Nearest neighbour (median distance)"),
                        numberRow("chosen-farthest", "Farthest neighbour (median distance)"),
                        numberRow("chosen-mean", "Mean distance ÷ √d"),
                        numberRow("chosen-cv", "Spread of distances (std ÷ mean)"),
                        numberRow("chosen-ball", "Ball ÷ cube, exact"),
                        numberRow("chosen-ball-mc", "Ball ÷ cube, sampled points inside"),
                        numberRow("chosen-grid", "Grid points for n₁ per unit length"),
                        numberRow("chosen-nn", "Random points for the 1-D nearest distance"))
                        .withId("chosen-numbers").withClass("dim-numbers"))
                .withClass("panel dim-figure dim-histogram-figure");
    }

    private static DomContent numberRow(String id, String name) {
        return div(dt(name), dd("—").withId(id)).withClass("dim-number");
    }

    private static DomContent numbersTable() {
        return section(
                h2("Every number").withId("table-heading"),
                div(table(
                        caption("Measured for each d (medians over the points; quartiles in brackets)"),
                        thead(tr(
                                th("d").attr("scope", "col"),
                                th("Far ÷ near").attr("scope", "col"),
                                th("Quartiles").attr("scope", "col"),
                                th("Mean distance ÷ √d").attr("scope", "col"),
                                th("Std ÷ mean").attr("scope", "col"),
                                th("Ball ÷ cube").attr("scope", "col"),
                                th("Points in ball").attr("scope", "col"),
                                th("Grid points").attr("scope", "col"),
                                th("Random points, same nearest").attr("scope", "col"))),
                        tbody().withId("numbers-body")).withClass("dim-table"))
                        .withClass("dim-table-scroll").attr("tabindex", "0").attr("role", "region")
                        .attr("aria-labelledby", "table-heading"))
                .withClass("panel dim-table-panel").attr("aria-labelledby", "table-heading");
    }

    /**
     * The experiment's network in words, as web/js/dimensions-noise.js writes it from a measured
     * request: "circle, inputs x₁ and x₂, hidden layers of 4 and 2 tanh neurons, learning rate 0.03,
     * batch 10".
     */
    static String describeNetwork(ExperimentConfig config) {
        String inputs = config.features().stream()
                .map(f -> f.id().replace("x1", "x₁").replace("x2", "x₂").replace("sq", "²").replaceFirst("^sin", "sin "))
                .collect(Collectors.joining(" and "));
        String hidden = config.network().hidden().stream().map(String::valueOf).collect(Collectors.joining(" and "));
        return config.data().dataset() + ", inputs " + inputs + ", hidden layers of " + hidden + " "
                + config.network().activation() + " neurons, learning rate "
                + new BigDecimal(Double.toString(config.training().learningRate())).stripTrailingZeros().toPlainString()
                + ", batch " + config.training().batchSize();
    }

    private static DomContent noiseSection() {
        return section(
                h2("The same curse in the playground").withId("noise-heading"),
                p(text("In the playground, "), span("Noise features d").withClass("dim-term"),
                        text(" adds d inputs of pure noise beside the chosen features: uniform in [−6, 6] like"
                                + " the points' coordinates, drawn from a random stream of their own, so the points"
                                + " stay the same. They carry nothing about the labels, yet a small network has d more"
                                + " directions in which to fit its training points. On the maps the noise inputs are"
                                + " held at 0, their mean.")),
                p(text("Measure it here: the playground's opening network ("), span(describeNetwork(ExperimentConfig.defaults())).withId("noise-network"),
                        text(") trained with each d from several seeds, each seed drawing new points, new noise and"
                                + " new initial weights. The server runs the seeds on the same workers and queue as"
                                + " the learning-rate page's jobs; "), code("layerlab noise"),
                        text(" runs the same experiment on your own machine.")),
                form(
                        div(label("Noise features d").attr("for", "noise-ds"),
                                input().withType("text").withId("noise-ds").withName("noise-ds")
                                        .withValue("0, 2, 10, 50").attr("inputmode", "numeric")
                                        .attr("autocomplete", "off").attr("spellcheck", "false")
                                        .attr("aria-describedby", "noise-ds-hint").attr("required", ""))
                                .withClass("field dim-noise-ds"),
                        numberField("noise-points", "Points (train + test)", "500", "10", "5000",
                                "Points of the circle data set; half of them train the network"),
                        numberField("noise-seeds", "Seeds per d", "10", "1", "50", null),
                        numberField("noise-epochs", "Epochs", "300", "1", "5000", null),
                        numberField("noise-seed", "First seed", "1", "0", "9007199254740991", null),
                        div(button("Measure").withId("noise-measure").withType("submit")
                                        .withClass("text-button primary"),
                                button("Cancel").withId("noise-cancel").withType("button").withClass("text-button")
                                        .attr("hidden", ""),
                                progress().withId("noise-progress").attr("max", "1").attr("value", "0")
                                        .attr("aria-label", "Measuring the noise features: progress").attr("hidden", ""))
                                .withClass("dim-noise-run"))
                        .withId("noise-form").withClass("dim-form dim-noise-form").attr("novalidate", ""),
                p("Noise features d: whole numbers from 0 to " + ExperimentConfig.MAX_NOISE_FEATURES
                        + ", separated by commas. Each seed is a new sample: new points, new noise, new initial weights.")
                        .withId("noise-ds-hint").withClass("hint"),
                p("Not measured yet: press Measure (the default takes about a second on the server).")
                        .withId("noise-status").withClass("dim-status").attr("role", "status")
                        .attr("aria-live", "polite"),
                div(
                        figure(
                                h3("Test loss against the number of noise features").withId("noise-chart-heading"),
                                div(p("No measurement yet.").withClass("dim-placeholder")).withId("noise-chart")
                                        .withClass("dim-chart dim-noise-chart").attr("role", "img")
                                        .attr("aria-labelledby", "noise-chart-heading")
                                        .attr("aria-describedby", "noise-summary"),
                                p("Final test loss over the seeds (log scale): the median as a line, the smallest"
                                        + " to the largest as a band; the dashed line is the median training loss.")
                                        .withClass("hint"))
                                .withClass("dim-noise-figure"),
                        div(table(
                                caption("Measure to fill this table").withId("noise-caption"),
                                thead(tr(th("Noise features d").attr("scope", "col"),
                                        th("Median test loss").attr("scope", "col"),
                                        th("Range over the seeds").attr("scope", "col"),
                                        th("Median training loss").attr("scope", "col"),
                                        th("Median test accuracy").attr("scope", "col"),
                                        th("Diverged").attr("scope", "col"))),
                                tbody().withId("noise-body"))
                                .withClass("dim-table dim-noise-table")).withClass("dim-table-scroll")
                                .attr("tabindex", "0").attr("role", "region").attr("aria-labelledby", "noise-caption"))
                        .withId("noise-results").withClass("dim-noise-results").attr("aria-live", "off"),
                p("").withId("noise-summary").withClass("dim-text dim-noise-summary"),
                p(text("Try it: "),
                        a("no noise").withHref("/#noiseFeatures=0"), text(", "),
                        a("2 noise features").withHref("/#noiseFeatures=2"), text(", "),
                        a("10").withHref("/#noiseFeatures=10"), text(", "),
                        a("50").withHref("/#noiseFeatures=50"),
                        text(" — press play and watch the test loss.")),
                ul(li("Measure again with 2,000 points: does more data rescue the network at d = 10? At d = 50?"),
                        li("Regularization (L1 or L2) did not rescue it in the runs of docs/dimensions.md; leaving"
                                + " the noise out does: choose inputs that carry information."))
                        .withClass("dim-list"))
                .withClass("panel dim-noise").attr("aria-labelledby", "noise-heading");
    }
}
