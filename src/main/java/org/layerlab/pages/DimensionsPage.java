package org.layerlab.pages;

import static j2html.TagCreator.a;
import static j2html.TagCreator.body;
import static j2html.TagCreator.canvas;
import static j2html.TagCreator.caption;
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
import static j2html.TagCreator.meta;
import static j2html.TagCreator.noscript;
import static j2html.TagCreator.p;
import static j2html.TagCreator.script;
import static j2html.TagCreator.section;
import static j2html.TagCreator.select;
import static j2html.TagCreator.span;
import static j2html.TagCreator.table;
import static j2html.TagCreator.tbody;
import static j2html.TagCreator.td;
import static j2html.TagCreator.text;
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.title;
import static j2html.TagCreator.tr;
import static j2html.TagCreator.ul;

import j2html.tags.DomContent;
import j2html.tags.specialized.DivTag;
import java.util.List;

/**
 * The curse-of-dimensionality page ({@code /dimensions}): controls for the points, the range of
 * dimensions and the seed; three charts against d (the farthest/nearest neighbour ratio, the
 * ball-in-cube fraction, the samples a density needs); a histogram of pairwise distances for one
 * chosen d with its numbers; every number in a table; and the same curse in the playground, with
 * noise features. The numbers come from {@code GET /api/dimensions} (insight.Dimensionality); the
 * module web/js/dimensions.js binds the elements by id, which are a contract with the browser test.
 */
public final class DimensionsPage {

    public static final String PATH = "/dimensions";
    public static final String APP_MODULE = "/assets/js/dimensions.js";
    static final List<String> MODULES = List.of("dimensions-charts.js", "dimensions-histogram.js",
            "dimensions-format.js");

    /**
     * The noise-feature experiment of docs/dimensions.md: W1 (circle, x1 x2, 4-2 tanh), 300 epochs,
     * seeds 1–10; d, then the median test loss, its range over the seeds, the median training loss
     * and the median test accuracy.
     */
    static final List<String[]> NOISE_FIGURES = List.of(
            new String[] {"0", "0.003", "0.001 – 0.006", "0.001", "100%"},
            new String[] {"2", "0.014", "0.002 – 0.379", "0.003", "99.4%"},
            new String[] {"10", "0.711", "0.535 – 0.877", "0.283", "51.0%"},
            new String[] {"50", "0.721", "0.652 – 0.826", "0.199", "49.8%"});

    private DimensionsPage() {
    }

    /** The whole HTML document. */
    public static String render() {
        return document(html(
                head(
                        meta().attr("charset", "utf-8"),
                        meta().withName("viewport").withContent("width=device-width, initial-scale=1"),
                        title("LayerLab — the curse of dimensionality"),
                        meta().withName("description").withContent("Sample points in 1 to 1,000 dimensions and"
                                + " watch distances concentrate, the ball vanish from the cube and the data needed"
                                + " explode."),
                        meta().withName("color-scheme").withContent("light"),
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
                                        + " (insight.Dimensionality), deterministic for a seed; see docs/dimensions.md."),
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

    private static DomContent noiseSection() {
        return section(
                h2("The same curse in the playground").withId("noise-heading"),
                p(text("In the playground, "), span("Noise features d").withClass("dim-term"),
                        text(" adds d inputs of pure noise beside the chosen features: uniform in [−6, 6] like"
                                + " the points' coordinates, drawn from a random stream of their own, so the points"
                                + " stay the same. They carry nothing about the labels, yet a small network has d more"
                                + " directions in which to fit its training points. On the maps the noise inputs are"
                                + " held at 0, their mean.")),
                p("TensorFlow Playground's circle (x₁ and x₂, hidden layers of 4 and 2 tanh neurons, learning"
                        + " rate 0.03), 300 epochs, seeds 1 to 10 — the median test loss:"),
                div(table(
                        caption("Test loss after 300 epochs over 10 seeds"),
                        thead(tr(th("Noise features d").attr("scope", "col"),
                                th("Median test loss").attr("scope", "col"),
                                th("Range over the seeds").attr("scope", "col"),
                                th("Median training loss").attr("scope", "col"),
                                th("Median test accuracy").attr("scope", "col"))),
                        tbody(each(NOISE_FIGURES, row -> tr(th(row[0]).attr("scope", "row"), td(row[1]),
                                td(row[2]), td(row[3]), td(row[4])))))
                        .withClass("dim-table dim-noise-table")).withClass("dim-table-scroll"),
                p(text("Try it: "),
                        a("no noise").withHref("/#noiseFeatures=0"), text(", "),
                        a("2 noise features").withHref("/#noiseFeatures=2"), text(", "),
                        a("10").withHref("/#noiseFeatures=10"), text(", "),
                        a("50").withHref("/#noiseFeatures=50"),
                        text(" — press play and watch the test loss.")),
                ul(li("With 10 noise inputs the network no longer finds the circle in 300 epochs: test"
                                + " accuracy falls to chance (50%) while the training loss stays lower than the"
                                + " test loss — it fits noise."),
                        li("Four times the points (2,000) brings the median test loss at d = 10 down to 0.22,"
                                + " but not at d = 50 (0.65): the data needed grows with d."),
                        li("L1 or L2 regularization (rates 0.001 to 0.01) did not rescue it in these runs;"
                                + " leaving the noise out did: choose inputs that carry information."))
                        .withClass("dim-list"))
                .withClass("panel dim-noise").attr("aria-labelledby", "noise-heading");
    }
}
