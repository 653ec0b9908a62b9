package org.layerlab.pages;

import static j2html.TagCreator.a;
import static j2html.TagCreator.body;
import static j2html.TagCreator.button;
import static j2html.TagCreator.div;
import static j2html.TagCreator.document;
import static j2html.TagCreator.each;
import static j2html.TagCreator.fieldset;
import static j2html.TagCreator.footer;
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
import static j2html.TagCreator.optgroup;
import static j2html.TagCreator.p;
import static j2html.TagCreator.rawHtml;
import static j2html.TagCreator.script;
import static j2html.TagCreator.section;
import static j2html.TagCreator.select;
import static j2html.TagCreator.span;
import static j2html.TagCreator.text;

import j2html.tags.DomContent;
import j2html.tags.specialized.ButtonTag;
import j2html.tags.specialized.DivTag;
import j2html.tags.specialized.InputTag;
import j2html.tags.specialized.OptionTag;
import j2html.tags.specialized.SelectTag;
import java.util.List;

/**
 * The playground page: the whole HTML document, every panel and control as a native, labelled form
 * element. The browser's modules (web/js, served at /assets/js) bind these elements by id and keep them
 * live over the WebSocket; the ids are a contract with the browser tests.
 *
 * <p>The markup renders with TensorFlow Playground's defaults (circle data, two hidden layers of 4 and 2
 * tanh neurons, learning rate 0.03); the first {@code state} from the server sets the real values.
 */
public final class PlaygroundPage {

    /** The browser's entry module. */
    public static final String APP_MODULE = "/assets/js/app.js";
    /** The page's style sheet. */
    public static final String STYLESHEET = "/assets/css/playground.css";
    /** uPlot's style sheet, from its WebJar. */
    public static final String UPLOT_STYLESHEET = "/webjars/uplot/1.6.30/dist/uPlot.min.css";

    /** Every module app.js imports, preloaded so that they are fetched in parallel. */
    static final List<String> MODULES = List.of("wire.js", "socket.js", "colors.js", "scales.js", "diagram.js",
            "heatmap.js", "losschart.js", "instruments.js", "controls.js", "url-state.js", "stepper.js");

    static final List<String[]> FEATURES = List.of(
            new String[] {"x1", "X₁", "x₁"}, new String[] {"x2", "X₂", "x₂"},
            new String[] {"x1sq", "X₁²", "x₁ squared"}, new String[] {"x2sq", "X₂²", "x₂ squared"},
            new String[] {"x1x2", "X₁X₂", "x₁ times x₂"}, new String[] {"sinx1", "sin(X₁)", "sine of x₁"},
            new String[] {"sinx2", "sin(X₂)", "sine of x₂"});

    private static final String[] LEARNING_RATES = {"0.00001", "0.0001", "0.001", "0.003", "0.01", "0.03", "0.1",
        "0.3", "1", "3", "10"};
    private static final String[] REGULARIZATION_RATES = {"0", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1",
        "3", "10"};

    private PlaygroundPage() {
    }

    /** The whole HTML document. */
    public static String render() {
        return document(html(
                head(
                        PageHead.common("LayerLab — neural network playground",
                                "Train a small neural network in your browser and watch every neuron learn."),
                        link().withRel("stylesheet").withHref(STYLESHEET),
                        link().withRel("stylesheet").withHref(UPLOT_STYLESHEET),
                        each(MODULES, m -> link().withRel("modulepreload").withHref("/assets/js/" + m)),
                        script().withType("module").withSrc(APP_MODULE)),
                body(
                        a("Skip to the playground").withHref("#main").withClass("skip-link"),
                        topBar(),
                        banners(),
                        main(stepPanel(), dataPanel(), networkPanel(), outputPanel(), instrumentsPanel()).withId("main").withClass("columns")
                                .attr("tabindex", "-1"),
                        footer(p("Keyboard: Space plays and pauses; in the network, the arrow keys move between "
                                + "neurons, Enter shows one large and Escape goes back to the output. Colours: "
                                + "orange is negative, blue positive."),
                                noscript(p("LayerLab needs JavaScript to show the network."))).withClass("page-footer"))
        ).attr("lang", "en"));
    }

    // ------------------------------------------------------------------ top bar

    private static DomContent topBar() {
        return header(
                div(h1("LayerLab"), p("Watch a neural network learn").withClass("tagline"),
                        span("Connecting…").withId("connection-status").withClass("connection")
                                .attr("role", "status"), SiteNav.menu("/")).withClass("brand"),
                div(
                        iconButton("reset", "Reset the network", "reset-button", RESET_ICON),
                        iconButton("play-pause", "Play", "play-button", PLAY_ICON)
                                .attr("data-state", "paused").withTitle("Play (Space)"),
                        iconButton("step-epoch", "Step one epoch", "step-button", STEP_ICON + "<span>epoch</span>"),
                        iconButton("step-batch", "Step one batch", "step-button", STEP_ICON + "<span>batch</span>"),
                        button("Step through backprop").withId("step-through").withType("button")
                                .withClass("text-button").attr("aria-expanded", "false")
                                .attr("aria-controls", "step-panel")
                                .withTitle("Pause and follow one training sample through the chain rule"),
                        div(
                                div(span("Epoch").withClass("counter-label"), span("0").withId("epoch")
                                        .withClass("counter")),
                                div(span("0").withId("eps"), span(" epochs/s")).withClass("speed-readout"),
                                span("Paused").withId("run-state").withClass("run-state")).withClass("epoch-box"))
                        .withClass("run-controls").attr("role", "group").attr("aria-label", "Training"),
                div(
                        selectField("learning-rate", "Learning rate", "0.03", pairs(LEARNING_RATES)),
                        selectField("activation", "Activation", "tanh", ACTIVATIONS),
                        selectField("regularization", "Regularization", "none",
                                "none", "None", "l1", "L1", "l2", "L2"),
                        selectField("regularization-rate", "Regularization rate", "0", pairs(REGULARIZATION_RATES)),
                        numberField("batch-size", "Batch size", "10", "1", "1000", "1"),
                        selectField("optimizer", "Optimizer", "sgd", "sgd", "SGD", "momentum", "Momentum",
                                "adam", "Adam"),
                        numberField("momentum", "Momentum μ", "0.9", "0", "0.999", "0.01").attr("hidden"),
                        numberField("beta1", "Adam β₁", "0.9", "0", "0.999", "0.01").attr("hidden"),
                        numberField("beta2", "Adam β₂", "0.999", "0", "0.9999", "0.001").attr("hidden"),
                        selectField("speed", "Speed", "0", "0", "As fast as possible", "1", "1 epoch/s",
                                "2", "2 epochs/s", "5", "5 epochs/s", "10", "10 epochs/s", "30", "30 epochs/s",
                                "60", "60 epochs/s", "100", "100 epochs/s", "300", "300 epochs/s",
                                "1000", "1,000 epochs/s", "3000", "3,000 epochs/s", "10000", "10,000 epochs/s"),
                        div(span("Problem type").withClass("field-label").withId("problem-type-label"),
                                span("Classification, 2 classes").withId("problem-type").withClass("readout"))
                                .withClass("field"))
                        .withClass("hyper"))
                .withClass("topbar");
    }

    private static DomContent banners() {
        return div(
                div(span().withId("diverged-text"),
                        button("Reset").withId("diverged-reset").withType("button").withClass("banner-button"))
                        .withId("diverged-banner").withClass("banner diverged").attr("role", "alert").attr("hidden"),
                div(span().withId("message-text").attr("aria-live", "polite").attr("role", "status"),
                        button("Dismiss").withId("dismiss-message").withType("button").withClass("banner-button"))
                        .withId("messages").withClass("banner message").attr("hidden"))
                .withClass("banners");
    }

    // ------------------------------------------------------------------ data

    private static DomContent dataPanel() {
        SelectTag dataset = select(
                optgroup(
                        option("Circle").withValue("circle").isSelected(),
                        option("Exclusive or (XOR)").withValue("xor"),
                        option("Two Gaussians").withValue("gauss"),
                        option("Spiral").withValue("spiral"),
                        option("Moons").withValue("moons"),
                        option("Checkerboard").withValue("checkerboard")).attr("label", "Classification, 2 classes"),
                optgroup(option("Three-arm spiral").withValue("spiral3")).attr("label", "Classification, 3 classes"),
                optgroup(
                        option("Plane").withValue("plane"),
                        option("Several Gaussians").withValue("multigauss")).attr("label", "Regression"),
                optgroup(option("Your points").withValue("custom").isDisabled()).attr("label", "Uploaded or drawn"))
                .withId("dataset");
        return section(
                h2("Data").withId("data-heading"),
                div(label("Data set").attr("for", "dataset"), dataset).withClass("field"),
                rangeField("noise", "Noise", "0", "50", "1", "0", "0"),
                rangeField("train-fraction", "Training data", "5", "100", "5", "50", "50%"),
                numberField("samples", "Number of points", "500", "10", "5000", "10"),
                selectField("shuffle", "Shuffle", "once", "once", "Once (like TF Playground)",
                        "every-epoch", "Every epoch", "never", "Never"),
                div(label("Seed").attr("for", "seed"),
                        div(input().withType("number").withId("seed").withValue("1").attr("min", "0")
                                        .attr("max", "9007199254740991").attr("step", "1").attr("inputmode", "numeric"),
                                button("New seed").withId("new-seed").withType("button").withClass("text-button")
                                        .withTitle("Draw a new seed: new data and new initial weights"))
                                .withClass("inline")).withClass("field"),
                div(label("Upload points (CSV or JSON)").attr("for", "upload-points"),
                        input().withType("file").withId("upload-points")
                                .attr("accept", ".csv,.json,.txt,text/csv,application/json")
                                .attr("aria-describedby", "upload-hint"),
                        p("CSV: one point per line, x,y,label (x and y from −6 to 6).").withId("upload-hint")
                                .withClass("hint")).withClass("field"),
                fieldset(legend("Add a point"),
                        div(
                                selectField("click-label", "Click adds", "1", "1", "blue (+1)", "-1", "orange (−1)"),
                                numberField("add-point-x", "x", "0", "-6", "6", "0.1"),
                                numberField("add-point-y", "y", "0", "-6", "6", "0.1"),
                                button("Add point").withId("add-point").withType("button").withClass("text-button"))
                                .withClass("add-point-grid"))
                        .withClass("add-point"))
                .withClass("panel data-panel").attr("aria-labelledby", "data-heading");
    }

    // ------------------------------------------------------------------ network

    private static DomContent networkPanel() {
        return section(
                h2("Network").withId("network-heading"),
                fieldset(legend("Features"),
                        div(each(FEATURES, f -> div(
                                input().withType("checkbox").withId("feature-" + f[0]).withValue(f[0])
                                        .withCondChecked(f[0].equals("x1") || f[0].equals("x2")),
                                label(f[1]).attr("for", "feature-" + f[0]).attr("title", f[2]))
                                .withClass("check"))).withClass("checks"),
                        noiseFeaturesField())
                        .withClass("features"),
                div(
                        button("+").withId("add-layer").withType("button").withClass("small-button")
                                .attr("aria-label", "Add a hidden layer").withTitle("Add a hidden layer"),
                        button("−").withId("remove-layer").withType("button").withClass("small-button")
                                .attr("aria-label", "Remove the last hidden layer")
                                .withTitle("Remove the last hidden layer"),
                        span("2 hidden layers").withId("hidden-layer-count").withClass("layer-count"))
                        .withClass("layer-controls"),
                div().withId("network").withClass("diagram"),
                fieldset(legend("Network settings"),
                        div(
                                selectField("init", "Initial weights", "playground",
                                        "playground", "Playground (uniform ±0.5, bias 0.1)",
                                        "xavier", "Xavier (Glorot)", "he", "He", "zero", "All zero",
                                        "identical", "All identical (symmetry)"),
                                numberField("init-constant", "Identical value", "0.5", "-10", "10", "0.1")
                                        .attr("hidden"),
                                selectField("output-activation", "Output activation", "auto", OUTPUTS),
                                selectField("loss", "Loss", "auto", "auto", "Automatic",
                                        "squared", "Squared error ½(o−t)²", "bce", "Binary cross-entropy",
                                        "crossentropy", "Cross-entropy"),
                                numberField("leaky-slope", "Leaky ReLU slope", "0.1", "0", "0.999", "0.01")
                                        .attr("hidden"),
                                numberField("elu-alpha", "ELU α", "1", "0.01", "10", "0.1").attr("hidden"))
                                .withClass("settings-grid"))
                        .withClass("network-settings"),
                fieldset(legend("Save and share"),
                        div(
                                button("Export model").withId("export-model").withType("button")
                                        .withClass("text-button"),
                                // hands the current weights to /learning-rate#landscape (web/js/app.js)
                                button("Loss landscape").withId("open-landscape").withType("button")
                                        .withClass("text-button")
                                        .attr("aria-label", "Loss landscape: pause and draw the loss around this"
                                                + " network's current weights on the learning-rate page")
                                        .attr("title", "Pauses, then draws the loss around this network's current"
                                                + " weights on the learning-rate page; Back returns here"),
                                button("Export loss history (CSV)").withId("export-history").withType("button")
                                        .withClass("text-button"),
                                div(label("Import model (JSON)").attr("for", "import-model"),
                                        input().withType("file").withId("import-model")
                                                .attr("accept", ".json,application/json")).withClass("field"),
                                div(label("Link to this experiment").attr("for", "share-url"),
                                        div(input().withType("text").withId("share-url").isReadonly()
                                                        .attr("spellcheck", "false"),
                                                button("Copy link").withId("copy-link").withType("button")
                                                        .withClass("text-button")).withClass("inline"))
                                        .withClass("field"))
                                .withClass("save-grid"))
                        .withClass("save"))
                .withClass("panel network-panel").attr("aria-labelledby", "network-heading");
    }

    // ------------------------------------------------------------------ step through backpropagation

    /**
     * One training sample through the chain rule, stage by stage (forward, error, backward, update);
     * stepper.js fills it from the server's {@code trace} events. Hidden until {@code step-through}.
     */
    private static DomContent stepPanel() {
        return section(
                h2("Step through backpropagation").withId("step-heading"),
                div(h3("Forward: layer 1").withId("step-stage"), p().withId("step-count").withClass("hint"))
                        .withClass("step-head"),
                p().withId("step-live").withClass("visually-hidden").attr("role", "status")
                        .attr("aria-live", "polite"),
                div(
                        button("← Back").withId("step-back").withType("button").withClass("text-button"),
                        button("Next →").withId("step-next").withType("button").withClass("text-button"),
                        button("Next sample").withId("next-sample").withType("button").withClass("text-button"),
                        button("Exit (Esc)").withId("step-exit").withType("button").withClass("text-button"))
                        .withClass("step-nav").attr("role", "group").attr("aria-label", "Stages"),
                p("With this panel focused, → and ← move between the stages and Escape leaves. Clicking the "
                        + "output map traces that point instead of adding one. Nothing changes the network "
                        + "until you apply the update.").withClass("hint"),
                div().withId("step-body").withClass("step-body").attr("role", "region")
                        .attr("aria-label", "The numbers of this stage").attr("tabindex", "0"),
                button("Apply this update to the network").withId("apply-update").withType("button")
                        .withClass("text-button primary").attr("hidden"),
                div(selectField("focus-weight", "Weight in focus", "", "", "None"),
                        div(h3().withId("focus-title"), rawHtml("<ul id=\"focus-factors\" class=\"factors\"></ul>"),
                                p(span("Product, ∂E/∂w by the chain rule: "), span("—").withId("focus-gradient")
                                        .withClass("big-number")),
                                p(span("Numerical gradient, (E(w+h) − E(w−h)) / 2h: "),
                                        span("—").withId("focus-numeric").withClass("big-number")),
                                p().withId("focus-agree").withClass("hint"))
                                .withId("weight-focus").withClass("weight-focus").attr("hidden"))
                        .withClass("focus-area"))
                .withId("step-panel").withClass("panel step-panel").attr("aria-labelledby", "step-heading")
                .attr("tabindex", "-1").attr("hidden");
    }

    // ------------------------------------------------------------------ output

    private static DomContent outputPanel() {
        return section(
                h2("Output").withId("output-heading"),
                div(
                        metric("test-loss", "Test loss"), metric("train-loss", "Training loss"),
                        metric("test-accuracy", "Test accuracy"), metric("train-accuracy", "Training accuracy"))
                        .withClass("metrics"),
                div(h3("Network output").withId("map-title"),
                        button("Back to the output").withId("show-output").withType("button")
                                .withClass("text-button").attr("hidden")).withClass("map-head"),
                div(
                        div(span("6"), span("0"), span("−6")).withClass("axis y-axis").attr("aria-hidden", "true"),
                        div(rawHtml("<canvas class=\"map\" width=\"50\" height=\"50\"></canvas>"
                                + "<canvas class=\"points\"></canvas>"))
                                .withId("output-map").withClass("heatmap").attr("role", "img")
                                .attr("aria-label", "Map of the output over the plane from −6 to 6 with the data "
                                        + "points; clicking adds a point (or use the form below)"),
                        div(span("−6"), span("0"), span("6")).withClass("axis x-axis").attr("aria-hidden", "true"))
                        .withClass("map-frame"),
                div().withId("legend").withClass("legend").attr("aria-hidden", "true"),
                div(
                        checkField("show-test-data", "Show test data"),
                        checkField("discretize", "Discretize output"))
                        .withClass("toggles"),
                div().withId("loss-chart").withClass("loss-chart").attr("role", "img")
                        .attr("aria-label", "Chart of the loss over epochs: training loss grey, test loss black; "
                                + "dashed: accuracy. The latest numbers are above the map."))
                .withClass("panel output-panel").attr("aria-labelledby", "output-heading");
    }

    // ------------------------------------------------------------------ instruments

    /**
     * What the training does inside the network: dead and duplicate neurons, the gradient's size per
     * layer, what each layer's neurons output, and the data as a layer sees it. instruments.js fills it
     * from the server's {@code insight} and {@code hiddenSpace} events.
     */
    private static DomContent instrumentsPanel() {
        return section(
                h2("Instruments").withId("instruments-heading"),
                div(
                        div(span("Dead hidden neurons").withClass("metric-label").withId("dead-total-label"),
                                span("—").withId("dead-total").withClass("metric-value")
                                        .attr("aria-describedby", "dead-hint"),
                                p("Dead: the neuron outputs the same value for every training point, so no "
                                        + "gradient reaches its weights.").withId("dead-hint").withClass("hint"))
                                .withClass("metric"),
                        div(span("Distinct neurons per hidden layer").withClass("metric-label")
                                        .withId("distinct-per-layer-label"),
                                span("—").withId("distinct-per-layer").withClass("metric-value")
                                        .attr("aria-describedby", "distinct-hint"),
                                p("Neurons that compute the same function count once.").withId("distinct-hint")
                                        .withClass("hint"))
                                .withClass("metric"),
                        div(button("Break symmetry").withId("break-symmetry").withType("button")
                                        .withClass("text-button").attr("aria-describedby", "break-symmetry-hint"),
                                p("Adds a tiny random change to every weight, so that identical neurons can "
                                        + "start to differ.").withId("break-symmetry-hint").withClass("hint"))
                                .withClass("break-symmetry"),
                        div(button("Shift hidden biases by −1").withId("bias-down").withType("button")
                                        .withClass("text-button").attr("aria-describedby", "bias-hint"),
                                button("Set hidden biases to 0.1").withId("bias-reset").withType("button")
                                        .withClass("text-button").attr("aria-describedby", "bias-hint"),
                                p("A negative shift pushes ReLUs below zero, where they die; 0.1 (the usual "
                                        + "start) lets them come back.").withId("bias-hint").withClass("hint"))
                                .withClass("break-symmetry"))
                        .withClass("instrument-summary"),
                rawHtml("<table id=\"layer-table\" class=\"layer-table\"><caption>Each layer now</caption>"
                        + "<thead><tr><th scope=\"col\">Layer</th><th scope=\"col\">Dead</th>"
                        + "<th scope=\"col\">Distinct</th><th scope=\"col\">Largest similarity</th>"
                        + "<th scope=\"col\">‖∂L/∂W‖</th><th scope=\"col\">Update ÷ weight</th>"
                        + "<th scope=\"col\">Saturated</th></tr></thead>"
                        + "<tbody id=\"layer-table-body\"></tbody></table>"),
                div(
                        div(h3("Gradient size per layer").withId("gradient-title"),
                                selectField("gradient-measure", "Show", "gradient", "gradient",
                                        "Gradient norm ‖∂L/∂W‖", "ratio", "Update ÷ weight, η‖∂L/∂W‖ / ‖W‖"),
                                div().withId("gradient-chart").withClass("instrument-chart").attr("role", "img")
                                        .attr("aria-label", "Chart over epochs of each layer's gradient norm, on a "
                                                + "logarithmic scale")).withClass("instrument"),
                        div(h3("Dead neurons per layer").withId("dead-title"),
                                div().withId("dead-chart").withClass("instrument-chart").attr("role", "img")
                                        .attr("aria-label", "Chart over epochs of the fraction of dead neurons "
                                                + "in each layer")).withClass("instrument"),
                        div(h3("What a layer outputs").withId("histogram-title"),
                                selectField("histogram-layer", "Layer", "1", "1", "Hidden layer 1", "2",
                                        "Hidden layer 2", "3", "Output"),
                                rawHtml("<canvas id=\"histogram\" class=\"instrument-canvas\" width=\"320\" "
                                        + "height=\"150\" role=\"img\" aria-label=\"Histogram of the layer's "
                                        + "outputs over the training points\"></canvas>"),
                                p("Saturated: —").withId("saturated").withClass("instrument-note"))
                                .withClass("instrument"),
                        div(h3("The data as a layer sees it").withId("hidden-title"),
                                div(
                                        selectField("hidden-layer", "Hidden layer", "", "", "Off", "1", "1", "2", "2"),
                                        selectField("hidden-a", "Across: neuron", "0", "0", "1", "1", "2", "2", "3",
                                                "3", "4"),
                                        selectField("hidden-b", "Up: neuron", "1", "0", "1", "1", "2", "2", "3",
                                                "3", "4"))
                                        .withClass("hidden-controls"),
                                rawHtml("<canvas id=\"hidden-space\" class=\"instrument-canvas\" width=\"320\" "
                                        + "height=\"220\" role=\"img\" aria-label=\"Scatter of the training "
                                        + "points by two neurons' outputs; choose a layer to show it\"></canvas>"))
                                .withClass("instrument"))
                        .withClass("instrument-grid"))
                .withId("instruments").withClass("panel instruments-panel")
                .attr("aria-labelledby", "instruments-heading");
    }

    // ------------------------------------------------------------------ helpers

    private static final String[] ACTIVATIONS = {"tanh", "Tanh", "sigmoid", "Sigmoid", "relu", "ReLU",
        "leakyrelu", "Leaky ReLU", "elu", "ELU", "softplus", "Softplus", "linear", "Linear", "sine", "Sine"};

    private static final String[] OUTPUTS = {"auto", "Automatic", "tanh", "Tanh", "sigmoid", "Sigmoid",
        "linear", "Linear", "softmax", "Softmax", "relu", "ReLU", "leakyrelu", "Leaky ReLU", "elu", "ELU",
        "softplus", "Softplus", "sine", "Sine"};

    private static String[] pairs(String[] values) {
        String[] out = new String[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            out[2 * i] = values[i];
            out[2 * i + 1] = values[i];
        }
        return out;
    }

    /** A labelled select; {@code options} alternates value and text. */
    static DivTag selectField(String id, String labelText, String selected, String... options) {
        OptionTag[] tags = new OptionTag[options.length / 2];
        for (int i = 0; i < tags.length; i++) {
            String value = options[2 * i];
            tags[i] = option(options[2 * i + 1]).withValue(value).withCondSelected(value.equals(selected));
        }
        return div(label(labelText).attr("for", id), select(tags).withId(id)).withClass("field");
    }

    /** d inputs of pure noise after the features (config noiseFeatures; the dimensions page explains why). */
    private static DivTag noiseFeaturesField() {
        return div(label("Noise features d").attr("for", "noise-features"),
                input().withType("number").withId("noise-features").withValue("0").attr("min", "0")
                        .attr("max", String.valueOf(org.layerlab.training.ExperimentConfig.MAX_NOISE_FEATURES))
                        .attr("step", "1").attr("inputmode", "numeric").attr("aria-describedby", "noise-features-hint"),
                p(text("Extra inputs of pure noise, uniform in [−6, 6]; held at 0 in the maps. "),
                        a("Why they hurt").withHref("/dimensions")).withId("noise-features-hint").withClass("hint"))
                .withClass("field noise-field");
    }

    static DivTag numberField(String id, String labelText, String value, String min, String max, String step) {
        InputTag input = input().withType("number").withId(id).withValue(value).attr("min", min).attr("max", max)
                .attr("step", step);
        return div(label(labelText).attr("for", id), input).withClass("field");
    }

    private static DivTag rangeField(String id, String labelText, String min, String max, String step, String value,
                                     String shown) {
        return div(
                div(label(labelText).attr("for", id),
                        span(shown).withId(id + "-value").withClass("range-value").attr("aria-hidden", "true"))
                        .withClass("range-head"),
                input().withType("range").withId(id).attr("min", min).attr("max", max).attr("step", step)
                        .withValue(value))
                .withClass("field range");
    }

    private static DivTag checkField(String id, String labelText) {
        return div(input().withType("checkbox").withId(id), label(labelText).attr("for", id)).withClass("check");
    }

    private static DivTag metric(String id, String labelText) {
        return div(span(labelText).withClass("metric-label").withId(id + "-label"),
                span("—").withId(id).withClass("metric-value"))
                .withClass("metric");
    }

    private static ButtonTag iconButton(String id, String label, String className, String svg) {
        return button(rawHtml(svg)).withId(id).withType("button").withClass("icon-button " + className)
                .attr("aria-label", label).withTitle(label);
    }

    private static String icon(String paths) {
        return "<svg viewBox=\"0 0 24 24\" width=\"24\" height=\"24\" aria-hidden=\"true\" focusable=\"false\">"
                + paths + "</svg>";
    }

    private static final String RESET_ICON = icon("<path fill=\"currentColor\" d=\"M12 5V2L7 6l5 4V7a5 5 0 1 1-5 5H5"
            + "a7 7 0 1 0 7-7z\"/>");
    private static final String PLAY_ICON = icon("<path class=\"icon-play\" fill=\"currentColor\" d=\"M8 5v14l11-7z\"/>"
            + "<path class=\"icon-pause\" fill=\"currentColor\" d=\"M6 5h4v14H6zM14 5h4v14h-4z\"/>");
    private static final String STEP_ICON = icon("<path fill=\"currentColor\" d=\"M6 5v14l9-7zM16 5h3v14h-3z\"/>");
}
