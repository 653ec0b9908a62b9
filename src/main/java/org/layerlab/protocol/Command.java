package org.layerlab.protocol;

import java.util.Objects;
import org.layerlab.data.UserData;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.ModelFile;

/**
 * A client's command, decoded and validated by {@link CommandCodec}: what a WebSocket text message
 * asks a session to do (docs/protocol.md, "Client → server"). Each record checks its own fields,
 * so a command that exists is well-formed; whether it fits the session's current network (a
 * selected neuron that exists, a model of the right shape) is the session's check.
 */
public sealed interface Command {

    /** The message's {@code type}, as on the wire. */
    String type();

    /** Replace the experiment config: live for training settings, a rebuild for anything else. */
    record Configure(ExperimentConfig config) implements Command {
        public Configure {
            Objects.requireNonNull(config, "config");
        }

        @Override public String type() { return "configure"; }
    }

    record Play() implements Command {
        @Override public String type() { return "play"; }
    }

    record Pause() implements Command {
        @Override public String type() { return "pause"; }
    }

    /** Pause, then train exactly one epoch or one batch. */
    record Step(StepUnit unit) implements Command {
        public Step {
            Objects.requireNonNull(unit, "unit");
        }

        @Override public String type() { return "step"; }
    }

    enum StepUnit {
        EPOCH("epoch"), BATCH("batch");

        private final String id;

        StepUnit(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** Back to the initial weights of the same seed, epoch 0. */
    record Reset() implements Command {
        @Override public String type() { return "reset"; }
    }

    /** A new random seed, then reset. */
    record NewSeed() implements Command {
        @Override public String type() { return "newSeed"; }
    }

    /** Training pace: 0 = as fast as possible, else epochs per second in [1, 100000]. */
    record Speed(double epochsPerSecond) implements Command {
        public Speed {
            if (!(epochsPerSecond == 0 || (epochsPerSecond >= Protocol.MIN_EPOCHS_PER_SECOND
                    && epochsPerSecond <= Protocol.MAX_EPOCHS_PER_SECOND))) {
                throw new ProtocolException("epochsPerSecond must be 0 (as fast as possible) or in [1, 100000], got "
                        + CommandCodec.format(epochsPerSecond), "epochsPerSecond");
            }
        }

        public boolean asFastAsPossible() {
            return epochsPerSecond == 0;
        }

        @Override public String type() { return "speed"; }
    }

    /** At most this many frames per second to the viewer that sent it. */
    record FrameRate(double fps) implements Command {
        public FrameRate {
            if (!(fps >= Protocol.MIN_FPS && fps <= Protocol.MAX_FPS)) {
                throw new ProtocolException("fps must be in [1, 60], got " + CommandCodec.format(fps), "fps");
            }
        }

        @Override public String type() { return "frameRate"; }
    }

    /** The viewer received every frame up to sequence number {@code seq}. */
    record Ack(long seq) implements Command {
        public static final long MAX_SEQ = 0xFFFF_FFFFL;

        public Ack {
            if (seq < 0 || seq > MAX_SEQ) {
                throw new ProtocolException("seq must be in [0, " + MAX_SEQ + "], got " + seq, "seq");
            }
        }

        @Override public String type() { return "ack"; }
    }

    /** Which neuron's map is sent at full resolution; {@code neuron} null for none. */
    record Select(NeuronRef neuron) implements Command {
        @Override public String type() { return "select"; }
    }

    /** The data becomes these uploaded points. */
    record UploadPoints(String format, UserData data) implements Command {
        public UploadPoints {
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(data, "data");
        }

        @Override public String type() { return "uploadPoints"; }
    }

    /** A point drawn on the plane joins the training set. */
    record AddPoint(double x, double y, double label) implements Command {
        /** Labels are ±1, a class index 0..9, or a regression value; this bounds the last. */
        public static final double MAX_ABS_LABEL = 1000;

        public AddPoint {
            requireOnPlane("x", x);
            requireOnPlane("y", y);
            if (!(Math.abs(label) <= MAX_ABS_LABEL)) {
                throw new ProtocolException("label must be a number in [-1000, 1000], got "
                        + CommandCodec.format(label), "label");
            }
        }

        static void requireOnPlane(String field, double value) {
            if (!(Math.abs(value) <= Protocol.PLANE_EXTENT)) {
                throw new ProtocolException(field + " must be in [-6, 6] (the plane), got "
                        + CommandCodec.format(value), field);
            }
        }

        @Override public String type() { return "addPoint"; }
    }

    /** Continue from these weights. */
    record ImportModel(ModelFile model) implements Command {
        public ImportModel {
            Objects.requireNonNull(model, "model");
        }

        @Override public String type() { return "importModel"; }
    }

    /** Answered by a {@code model} event. */
    record ExportModel() implements Command {
        @Override public String type() { return "exportModel"; }
    }

    /**
     * Adds a small, reproducible random perturbation (uniform in ±{@value #PERTURBATION}) to every
     * weight and bias; the network keeps training.
     */
    record BreakSymmetry() implements Command {
        /** Half the width of the uniform perturbation. */
        public static final double PERTURBATION = 1e-3;

        @Override public String type() { return "breakSymmetry"; }
    }

    /**
     * Moves every hidden neuron's bias: by {@code shift} when {@code set} is false, or to exactly
     * {@code value} when it is true. A negative shift pushes ReLUs below zero (and can kill them);
     * setting 0.1, TF Playground's initial bias, gives dead units a chance to come back.
     */
    record Biases(boolean set, double value) implements Command {
        /** The largest shift or value accepted. */
        public static final double LIMIT = 10;

        public Biases {
            if (!(Math.abs(value) <= LIMIT)) {
                throw new ProtocolException((set ? "set" : "shift") + " must be in [-10, 10], got "
                        + CommandCodec.format(value), set ? "set" : "shift");
            }
        }

        @Override public String type() { return "biases"; }
    }

    /**
     * Which two neurons of a hidden layer the training points are plotted in after every
     * {@code insight} event; {@code view} null stops it.
     */
    record HiddenSpace(HiddenSpaceView view) implements Command {
        @Override public String type() { return "hiddenSpace"; }
    }

    /** Answered by a {@code history} event. */
    record ExportHistory() implements Command {
        @Override public String type() { return "exportHistory"; }
    }

    /**
     * Pause, then answer with a {@code trace} event: one sample's forward and backward pass, every
     * factor of the chain rule, the numeric gradient and the single-sample SGD update, computed on a
     * copy (the network does not change). Either a sample of the data ({@code split} "train" or
     * "test", {@code index}) or a point on the plane ({@code split} null; {@code x}, {@code y},
     * {@code label}).
     */
    record Trace(String split, int index, double x, double y, double label) implements Command {
        public Trace {
            if (split != null) {
                if (!split.equals("train") && !split.equals("test")) {
                    throw new ProtocolException("split must be \"train\" or \"test\", got \"" + split + "\".",
                            "split");
                }
                if (index < 0) {
                    throw new ProtocolException("index must be 0 or more, got " + index + ".", "index");
                }
            } else {
                AddPoint.requireOnPlane("x", x);
                AddPoint.requireOnPlane("y", y);
                if (!(Math.abs(label) <= AddPoint.MAX_ABS_LABEL)) {
                    throw new ProtocolException("label must be a number in [-1000, 1000], got "
                            + CommandCodec.format(label), "label");
                }
            }
        }

        /** Sample {@code index} of the session's training ("train") or test ("test") set. */
        public static Trace sample(String split, int index) {
            return new Trace(split, index, 0, 0, 0);
        }

        /** A point picked on the plane, with a label that must fit the task. */
        public static Trace point(double x, double y, double label) {
            return new Trace(null, 0, x, y, label);
        }

        /** True for a point picked on the plane, false for a sample of the data. */
        public boolean onPlane() {
            return split == null;
        }

        @Override public String type() { return "trace"; }
    }

    /**
     * Applies the single-sample SGD update of trace {@code traceId} (its updatedWeights and
     * updatedBiases) to the network, provided the network has not changed since; then the session
     * traces the same point again.
     */
    record ApplyTrace(long traceId) implements Command {
        @Override public String type() { return "applyTrace"; }
    }
}
