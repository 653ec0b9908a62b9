package org.layerlab.session;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import org.layerlab.data.DataSplit;
import org.layerlab.data.Point;
import org.layerlab.data.Problem;
import org.layerlab.data.Task;
import org.layerlab.data.UserData;
import org.layerlab.data.UserPoints;
import org.layerlab.engine.Activation;
import org.layerlab.engine.Network;
import org.layerlab.engine.NetworkSpec;
import org.layerlab.engine.Rng;
import org.layerlab.insight.FrameProbe;
import org.layerlab.insight.LayerReport;
import org.layerlab.insight.NetworkInsight;
import org.layerlab.insight.TrainingMetrics;
import org.layerlab.protocol.Command;
import org.layerlab.protocol.EventCodec;
import org.layerlab.protocol.FrameCodec;
import org.layerlab.protocol.FrameContent;
import org.layerlab.protocol.HelloEvent;
import org.layerlab.protocol.HiddenSpaceView;
import org.layerlab.protocol.NeuronRef;
import org.layerlab.protocol.ProtocolException;
import org.layerlab.protocol.StateEvent;
import org.layerlab.training.ConfigException;
import org.layerlab.training.Experiment;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.ModelFile;
import org.layerlab.training.Trainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One student's playground on the server: an experiment that trains, and the viewers (sockets)
 * watching it. An actor: everything that touches the network runs in the session's own slices, one
 * at a time, on the shared {@link Scheduler}; other threads only post mail (see {@link Actor}).
 *
 * <p>A slice (a few milliseconds at most, shorter when many sessions are runnable):
 * <ol>
 *   <li>handles the mail: client commands, viewers arriving and leaving;</li>
 *   <li>trains, batch after batch, until the slice's time is up or the pace's tokens run out;</li>
 *   <li>builds a frame if a viewer is ready for one (see {@link ViewerLink}), encodes it once and
 *       hands every ready viewer a duplicate;</li>
 *   <li>decides what next: run again at once (training unpaced: to the back of the queue, so others
 *       get their turn), wake up later (paced training, a viewer's next frame time), or nothing at
 *       all — a paused session with no frames owed costs nothing.</li>
 * </ol>
 * Every failure is caught: a command that cannot be carried out answers
 * with an {@code error} event and changes nothing; an unexpected exception pauses training and is
 * reported, and the session and the worker carry on.
 *
 * <p>A session whose last viewer left keeps its state but does no work until a viewer returns
 * (resume) or the {@link SessionManager} evicts it.
 */
public final class Session extends Actor {
    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    /** A history row at least this often, in epochs, even when no frame is being sent. */
    static final int HISTORY_EVERY_EPOCHS = 25;
    /** At most this much mail per slice, so a flood from one client cannot hog a worker. */
    private static final int MAX_MAIL_PER_SLICE = 256;
    /**
     * Client commands waiting in the mailbox beyond this are dropped (and the sender told once): a
     * client that sends faster than the session can handle must not grow the server's heap.
     */
    static final int MAX_QUEUED_COMMANDS = 1000;
    /** The measured training speed is averaged over at least this long. */
    private static final long RATE_WINDOW_NANOS = 250_000_000L;
    /**
     * While training, train and test loss are measured at most this often (frames and history rows).
     * Four times a second is as often as the chart redraws and as fast as a person reads a number;
     * measuring W2's losses costs more than its maps, so with 100 sessions this is capacity.
     */
    static final long METRICS_INTERVAL_NANOS = 250_000_000L;
    /**
     * While training, the instruments ({@code insight} event, and {@code hiddenSpace} when asked
     * for) are measured at most this often: twice a second. One measurement is a forward and
     * backward pass over the training set, a small fraction of what 30 frames a second cost.
     */
    static final long INSIGHT_INTERVAL_NANOS = 500_000_000L;
    /** Mixes the seed and the counter of {@code breakSymmetry} into the perturbation's own stream. */
    private static final long SYMMETRY_STREAM = 0x5DEECE66DL * 0x9E3779B97F4A7C15L;
    /** A slice trains at least this long even when a frame is due at once. */
    static final long MIN_TRAINING_NANOS = 200_000L;
    /** Without frames, history rows come at most this often. */
    static final long HISTORY_FALLBACK_NANOS = 1_000_000_000L;
    /** How often the compressed size of frames is re-estimated. */
    static final long WIRE_RATIO_INTERVAL_NANOS = 1_000_000_000L;
    private static final ThreadLocal<Deflater> DEFLATERS =
            ThreadLocal.withInitial(() -> new Deflater(Deflater.DEFAULT_COMPRESSION, true));
    private static final ThreadLocal<byte[]> DEFLATE_OUTPUT = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    private final String id;
    private final String resumeToken;
    private final SessionSettings settings;

    // ---- shared with other threads
    private final AtomicInteger queuedCommands = new AtomicInteger();
    private final AtomicBoolean floodReported = new AtomicBoolean();
    /** Viewers attached or attaching, kept by the {@link SessionManager} under its lock. */
    final AtomicInteger attachedViewers = new AtomicInteger();
    /** When the last viewer left (System.nanoTime); meaningful while {@link #attachedViewers} is 0. */
    volatile long idleSince;

    // ---- confined to the session's slices
    private ExperimentConfig config;
    /** The last uploaded or drawn points, kept while the config names a built-in set (switching back). */
    private UserData userData;
    private Experiment experiment;
    private Trainer trainer;
    private FrameProbe probe;
    private final List<ViewerLink> viewers = new ArrayList<>();
    private boolean running;
    private final Pacer pacer;
    private boolean diverged;
    private long divergedAtEpoch;
    /** The parameters at the last frame before divergence: what the frames show once it diverged. */
    private double[] lastFiniteParameters;
    private Network displayNetwork;
    private NeuronRef selected;
    /** Changes whenever what a frame would show changes; viewers remember the version they saw. */
    private long version;
    private long frameSeq;
    private DataSplit sentSplit;
    private final TrainingHistory history = new TrainingHistory();
    private TrainingMetrics lastMetrics = TrainingMetrics.UNDEFINED;
    private double nextPeriodicRowEpoch;
    private double measuredRate;
    private double rateFromEpoch;
    private long rateFrom;
    /** When the train and test loss were last measured. */
    private long metricsAt = Long.MIN_VALUE / 2;
    /**
     * Compressed over raw frame size per kind of frame ({@link ViewerLink.Sections#kind()}: maps
     * compress to about half, float weights hardly at all), re-estimated now and then for viewers
     * whose sockets compress.
     */
    private final double[] wireRatio = new double[ViewerLink.Sections.KINDS];
    private final long[] wireRatioAt = new long[ViewerLink.Sections.KINDS];
    private final List<ViewerLink> ready = new ArrayList<>();
    /** An {@code insight} event is owed at once: after a command, a rebuild, a step, a pause, a viewer joining. */
    private boolean insightOwed;
    /** When the instruments were last measured, and the {@link #version} they showed. */
    private long insightAt = Long.MIN_VALUE / 2;
    private long insightVersion = -1;
    /** The hidden-space view every {@code insight} is followed by, or null. */
    private HiddenSpaceView hiddenSpace;
    /** {@code breakSymmetry} commands since the last rebuild: with the seed, picks the perturbation. */
    private long symmetryBreaks;
    /** The last traceId handed out; trace ids count up for the session's lifetime. */
    private long lastTraceId;
    /** The most recent traces, oldest first, at most {@value #KEPT_TRACES}: what {@code applyTrace} may apply. */
    private final java.util.LinkedHashMap<Long, KeptTrace> traces = new java.util.LinkedHashMap<>();
    /** How many traces {@code applyTrace} can still refer to. */
    static final int KEPT_TRACES = 32;

    Session(String id, String resumeToken, Scheduler scheduler, SessionSettings settings) {
        super(scheduler, "session " + id);
        this.id = id;
        this.resumeToken = resumeToken;
        this.settings = settings;
        this.pacer = new Pacer(0, System.nanoTime());
        this.idleSince = System.nanoTime();
        install(Experiment.build(settings.initialConfig(), settings.limits(), null));
    }

    public String id() {
        return id;
    }

    String resumeToken() {
        return resumeToken;
    }

    // ================================================================== mail

    private interface Mail {
    }

    private record FromViewer(String viewerId, Command command) implements Mail {
    }

    private record Rejected(String viewerId, ProtocolException problem) implements Mail {
    }

    private record Attach(Viewer viewer, boolean resumed) implements Mail {
    }

    private record Detach(String viewerId) implements Mail {
    }

    /** A viewer's decoded command; dropped when too many are already waiting. */
    void command(String viewerId, Command command) {
        if (queuedCommands.incrementAndGet() > MAX_QUEUED_COMMANDS) {
            queuedCommands.decrementAndGet();
            if (!floodReported.getAndSet(true)) {
                post(new Rejected(viewerId, new ProtocolException("Too many messages at once: the session is "
                        + MAX_QUEUED_COMMANDS + " commands behind, so later ones were dropped. Send fewer.", null,
                        command.type())));
            }
            return;
        }
        post(new FromViewer(viewerId, command));
    }

    /** A viewer's message that could not be decoded: answered with an error, in order with the rest. */
    void reject(String viewerId, ProtocolException problem) {
        post(new Rejected(viewerId, problem));
    }

    void attach(Viewer viewer, boolean resumed) {
        post(new Attach(viewer, resumed));
    }

    void detach(String viewerId) {
        post(new Detach(viewerId));
    }


    /** The session's whole state as a value, captured between two slices. */
    public CompletableFuture<SessionSnapshot> snapshot() {
        return call(this::captureSnapshot);
    }

    /** Replaces the session's state by {@code snapshot}; training is paused afterwards. */
    public CompletableFuture<Void> restore(SessionSnapshot snapshot) {
        return call(() -> {
            restoreNow(snapshot);
            return null;
        });
    }


    // ================================================================== the slice


    @Override
    boolean slice() {
        long start = System.nanoTime();
        handleMail(start, MAX_MAIL_PER_SLICE);
        if (isClosed()) {
            return false;
        }
        if (isTraining()) {
            train(trainingDeadline(start));
        }
        long now = System.nanoTime();
        sendInsight(now);
        sendFrames(now);
        return plan(now);
    }

    /**
     * The slice's training ends at its budget, or earlier when a viewer's next frame falls due (so
     * frames keep their beat), but trains at least {@value #MIN_TRAINING_NANOS} ns.
     */
    private long trainingDeadline(long start) {
        long deadline = start + scheduler().sliceBudgetNanos();
        for (ViewerLink viewer : viewers) {
            // version + 1: the content will have changed by then.
            long until = viewer.nanosUntilReady(start, version + 1);
            if (until != Long.MAX_VALUE) {
                deadline = Math.min(deadline, start + until);
            }
        }
        return Math.max(deadline, start + MIN_TRAINING_NANOS);
    }

    private boolean isTraining() {
        return running && !diverged && !viewers.isEmpty();
    }

    private void train(long deadline) {
        int trainCount = trainer.trainSamples().count();
        long now = System.nanoTime();
        do {
            if (!pacer.tryTake(nextBatchCost(trainCount), now)) {
                break;
            }
            trainer.trainBatch();
            version++;
            if (trainer.diverged()) {
                diverge();
                break;
            }
            now = System.nanoTime();
            if (trainer.epoch() >= nextPeriodicRowEpoch) {
                recordPeriodicRow(now);
            }
        } while (now < deadline);
    }

    /** The next batch's share of an epoch: what it costs in pace tokens. */
    private double nextBatchCost(int trainCount) {
        int batch = Math.min(trainer.settings().batchSize(), trainCount - trainer.cursor());
        return (double) batch / trainCount;
    }

    /**
     * A history row when no frame has measured the metrics for a while (no viewer is ready for
     * frames): every {@value #HISTORY_EVERY_EPOCHS} epochs, but not more often than
     * {@value #HISTORY_FALLBACK_NANOS} ns. While frames flow, their measurements are the rows.
     */
    private void recordPeriodicRow(long now) {
        if (now - metricsAt < HISTORY_FALLBACK_NANOS) {
            return;
        }
        double at = progress();
        if (history.wants(at)) {
            history.record(at, measureMetrics(now));
        }
        nextPeriodicRowEpoch = trainer.epoch() + Math.max(HISTORY_EVERY_EPOCHS, Math.ceil(history.minSpacing()));
    }

    /** Completed epochs plus the fraction of the current one. */
    private double progress() {
        return trainer.epoch() + (double) trainer.cursor() / trainer.trainSamples().count();
    }

    /**
     * Decides what follows this slice: true to run again at once; otherwise arms a wake-up for the
     * earliest moment there is work (the pace's next batch, a viewer's next frame), or none.
     */
    private boolean plan(long now) {
        long wait = Long.MAX_VALUE;
        if (isTraining()) {
            wait = pacer.nanosUntil(nextBatchCost(trainer.trainSamples().count()), now);
            if (wait == 0) {
                return true;
            }
        }
        for (ViewerLink viewer : viewers) {
            if (viewer.wants(version)) {
                wait = Math.min(wait, viewer.nanosUntilReady(now, version));
            }
        }
        if (wait == 0) {
            return true;
        }
        if (wait != Long.MAX_VALUE) {
            wakeAt(now + wait, now);
        }
        return false;
    }


    /** After an unexpected exception: pause, tell the viewers, and stop retrying the same frame. */
    @Override
    void failed(Throwable t) {
        LOG.error("session {} failed in a slice; training paused", id, t);
        try {
            running = false;
            broadcast(EventCodec.error("The server hit an internal error (" + t + ") and paused training."
                    + " Press play to continue, or reset.", null, null));
            for (ViewerLink viewer : viewers) {
                viewer.skipTo(version);
            }
        } catch (Throwable again) {
            LOG.error("session {} could not report its failure", id, again);
        }
    }

    @Override
    void release() {
        viewers.clear();
    }

    // ================================================================== instruments

    /**
     * The {@code insight} event (and {@code hiddenSpace} after it, when a view is set) to every
     * viewer: at once when owed, and while training at most every {@value #INSIGHT_INTERVAL_NANOS} ns
     * when the network changed. Runs between two batches, where the gradient buffer is empty.
     */
    private void sendInsight(long now) {
        if (viewers.isEmpty()) {
            return;
        }
        boolean periodic = isTraining() && version != insightVersion && now - insightAt >= INSIGHT_INTERVAL_NANOS;
        if (!insightOwed && !periodic) {
            return;
        }
        insightOwed = false;
        insightAt = now;
        insightVersion = version;
        Network measured = diverged ? displayNetwork() : trainer.network();
        List<LayerReport> reports = NetworkInsight.measure(measured, trainer.trainSamples(),
                trainer.settings().learningRate());
        broadcast(EventCodec.insight(progress(), reports));
        if (hiddenSpace != null) {
            double[][] xy = NetworkInsight.hiddenCoordinates(measured, trainer.trainSamples(), hiddenSpace.layer(),
                    hiddenSpace.a(), hiddenSpace.b());
            broadcast(EventCodec.hiddenSpace(hiddenSpace, xy[0], xy[1], trainer.trainSamples().labels()));
        }
    }

    // ================================================================== frames

    private void sendFrames(long now) {
        ready.clear();
        boolean thumbnails = false;
        boolean weights = false;
        boolean urgent = false;
        boolean compressing = false;
        for (ViewerLink viewer : viewers) {
            if (viewer.wants(version) && viewer.ready(now, version)) {
                ready.add(viewer);
                thumbnails |= viewer.thumbnailsDue(now);
                weights |= viewer.weightsDue(now);
                urgent |= viewer.urgent();
                compressing |= viewer.compresses();
            }
        }
        if (ready.isEmpty()) {
            return;
        }
        boolean metrics = urgent || diverged || !isTraining() || now - metricsAt >= METRICS_INTERVAL_NANOS;
        ViewerLink.Sections sections = new ViewerLink.Sections(metrics, thumbnails, weights);
        ByteBuffer frame = buildFrame(now, sections);
        int kind = sections.kind();
        if (compressing && (wireRatio[kind] == 0 || now - wireRatioAt[kind] >= WIRE_RATIO_INTERVAL_NANOS)) {
            wireRatio[kind] = compressedRatio(frame);
            wireRatioAt[kind] = now;
        }
        for (ViewerLink viewer : ready) {
            try {
                viewer.send(frame.duplicate(), frameSeq, version, now, sections, wireRatio[kind]);
            } catch (RuntimeException e) {
                LOG.debug("session {}: a frame could not go to viewer {}", id, viewer.id(), e);
            }
        }
        ready.clear();
    }

    /**
     * Measures the network and encodes one frame with the given sections; the caller hands it to
     * each ready viewer. The train and test loss cost more than all the maps together (W2: a forward
     * pass per point), so while training they are measured at most every
     * {@value #METRICS_INTERVAL_NANOS} ns and frames in between carry no METRICS section.
     */
    private ByteBuffer buildFrame(long now, ViewerLink.Sections sections) {
        Network shown;
        TrainingMetrics metrics = null;
        if (diverged) {
            shown = displayNetwork();
            if (sections.metrics()) {
                metrics = lastMetrics;
            }
        } else {
            shown = trainer.network();
            System.arraycopy(shown.parameters(), 0, lastFiniteParameters, 0, lastFiniteParameters.length);
            if (sections.metrics()) {
                metrics = measureMetrics(now);
                history.record(progress(), metrics);
            }
        }
        float[][][] thumbnails = sections.thumbnails() ? probe.thumbnails(shown) : null;
        float[][] output = probe.outputMaps(shown);
        float[] selectedMap = selected == null ? null : probe.selectedMap(shown, selected.layer(), selected.neuron());
        frameSeq = (frameSeq + 1) & 0xFFFF_FFFFL;
        FrameContent content = new FrameContent(frameSeq, progress(), System.currentTimeMillis(), metrics,
                measureRate(now), probe.thumbnailResolution(), thumbnails, probe.outputResolution(), output,
                selected, probe.selectedResolution(), selectedMap, sections.weights() ? shown.parameters() : null);
        return FrameCodec.encode(content);
    }

    private TrainingMetrics measureMetrics(long now) {
        lastMetrics = TrainingMetrics.of(trainer);
        metricsAt = now;
        return lastMetrics;
    }

    /**
     * Compressed size over raw size of this frame under raw deflate, as permessage-deflate sends it
     * (without the gain of context takeover, so a slight overestimate). One deflater per worker thread:
     * each holds a few hundred KB of native memory, too much to keep per session.
     */
    private static double compressedRatio(ByteBuffer frame) {
        Deflater deflater = DEFLATERS.get();
        byte[] out = DEFLATE_OUTPUT.get();
        int raw = frame.remaining();
        deflater.reset();
        deflater.setInput(frame.duplicate());
        deflater.finish();
        long compressed = 0;
        while (!deflater.finished()) {
            compressed += deflater.deflate(out);
        }
        return Math.max(0.05, Math.min(1.05, (double) compressed / Math.max(1, raw)));
    }

    private Network displayNetwork() {
        if (displayNetwork == null || !Arrays.equals(displayNetwork.layerSizes(), trainer.network().layerSizes())) {
            displayNetwork = new Network(trainer.network().spec());
        }
        displayNetwork.setParameters(lastFiniteParameters);
        return displayNetwork;
    }

    /** Epochs per second over the last quarter second or more; 0 while not training. */
    private double measureRate(long now) {
        if (!isTraining()) {
            restartRate(now);
            return 0;
        }
        long elapsed = now - rateFrom;
        if (elapsed >= RATE_WINDOW_NANOS) {
            measuredRate = (progress() - rateFromEpoch) / (elapsed / 1e9);
            rateFrom = now;
            rateFromEpoch = progress();
        }
        return measuredRate;
    }

    private void restartRate(long now) {
        measuredRate = 0;
        rateFrom = now;
        rateFromEpoch = progress();
    }

    // ================================================================== mail handling

    @Override
    void handle(Object mail) {
        try {
            if (mail instanceof FromViewer) {
                FromViewer m = (FromViewer) mail;
                if (queuedCommands.decrementAndGet() < MAX_QUEUED_COMMANDS / 2) {
                    floodReported.set(false);
                }
                ViewerLink from = find(m.viewerId());
                if (from != null) {
                    handleCommand(from, m.command());
                }
            } else if (mail instanceof Rejected) {
                Rejected m = (Rejected) mail;
                ViewerLink from = find(m.viewerId());
                if (from != null) {
                    send(from, EventCodec.error(m.problem()));
                }
            } else if (mail instanceof Attach) {
                Attach m = (Attach) mail;
                attachNow(m.viewer(), m.resumed());
            } else if (mail instanceof Detach) {
                detachNow(((Detach) mail).viewerId());
            }
        } catch (RuntimeException e) {
            LOG.error("session {}: handling {} failed", id, mail.getClass().getSimpleName(), e);
            broadcast(EventCodec.error("The server could not handle a request (" + e + "); the session carries on.",
                    null, null));
        }
    }

    private ViewerLink find(String viewerId) {
        for (ViewerLink viewer : viewers) {
            if (viewer.id().equals(viewerId)) {
                return viewer;
            }
        }
        return null;
    }

    private void attachNow(Viewer viewer, boolean resumed) {
        long now = System.nanoTime();
        if (find(viewer.id()) != null) {
            return;
        }
        if (viewers.isEmpty()) {
            // Work was suspended while nobody watched: start the pace and the speed meter afresh.
            pacer.restart(now);
            restartRate(now);
        }
        ViewerLink link = new ViewerLink(viewer, settings.maxBytesPerSecond(), now);
        viewers.add(link);
        send(link, EventCodec.hello(new HelloEvent(id, resumeToken, resumed, config, settings.limits(),
                new HelloEvent.Grids(probe.thumbnailResolution(), probe.outputResolution(),
                        probe.selectedResolution()))));
        send(link, EventCodec.data(experiment.split(), experiment.task()));
        broadcastState();
        insightOwed = true;
    }

    private void detachNow(String viewerId) {
        ViewerLink link = find(viewerId);
        if (link != null) {
            viewers.remove(link);
            broadcastState();
        }
    }

    private void handleCommand(ViewerLink from, Command command) {
        long now = System.nanoTime();
        try {
            // Flow control and exports concern only the sender and change nothing shown.
            if (command instanceof Command.Ack) {
                from.acknowledge(((Command.Ack) command).seq());
                return;
            }
            if (command instanceof Command.FrameRate) {
                from.setFps(((Command.FrameRate) command).fps());
                return;
            }
            if (command instanceof Command.ExportModel) {
                exportModel(from);
                return;
            }
            if (command instanceof Command.ExportHistory) {
                send(from, EventCodec.history(history.toHistory()));
                return;
            }
            // Sent to the sender after the state broadcast, so the client sees the state first.
            String reply = null;
            if (command instanceof Command.Configure) {
                configure(((Command.Configure) command).config());
            } else if (command instanceof Command.Play) {
                play(now);
            } else if (command instanceof Command.Pause) {
                running = false;
            } else if (command instanceof Command.Step) {
                step(((Command.Step) command).unit());
            } else if (command instanceof Command.Reset) {
                rebuild(config, userData, null);
            } else if (command instanceof Command.NewSeed) {
                long seed = ThreadLocalRandom.current().nextLong(ExperimentConfig.MAX_SEED + 1);
                rebuild(config.withSeed(seed), userData, null);
            } else if (command instanceof Command.Speed) {
                pacer.setRate(((Command.Speed) command).epochsPerSecond(), now);
            } else if (command instanceof Command.Select) {
                select(((Command.Select) command).neuron());
            } else if (command instanceof Command.UploadPoints) {
                UserData data = ((Command.UploadPoints) command).data();
                rebuild(config.withData(config.data().withDataset(ExperimentConfig.DataConfig.CUSTOM)), data, null);
            } else if (command instanceof Command.AddPoint) {
                addPoint((Command.AddPoint) command);
            } else if (command instanceof Command.ImportModel) {
                importModel(((Command.ImportModel) command).model());
            } else if (command instanceof Command.BreakSymmetry) {
                breakSymmetry();
            } else if (command instanceof Command.Biases) {
                biases((Command.Biases) command);
            } else if (command instanceof Command.HiddenSpace) {
                hiddenSpace(((Command.HiddenSpace) command).view());
            } else if (command instanceof Command.Trace) {
                reply = trace((Command.Trace) command);
            } else if (command instanceof Command.ApplyTrace) {
                reply = applyTrace((Command.ApplyTrace) command);
            } else {
                throw new IllegalStateException("no handler for " + command.type());
            }
            for (ViewerLink viewer : viewers) {
                viewer.markUrgent();
            }
            broadcastState();
            insightOwed = true;
            if (reply != null) {
                send(from, reply);
            }
        } catch (ConfigException e) {
            send(from, EventCodec.error(e.getMessage(), e.field().isEmpty() ? "config" : "config." + e.field(),
                    command.type()));
        } catch (ProtocolException e) {
            send(from, EventCodec.error(e.getMessage(), e.field(), command.type()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            send(from, EventCodec.error(e.getMessage(), null, command.type()));
        }
    }

    private void play(long now) {
        if (diverged) {
            throw new IllegalStateException("Training diverged at epoch " + divergedAtEpoch
                    + " (a weight became too large to represent); press reset to start again, perhaps with a"
                    + " smaller learning rate.");
        }
        if (!running) {
            running = true;
            pacer.restart(now);
            restartRate(now);
        }
    }

    private void step(Command.StepUnit unit) {
        running = false;
        if (diverged) {
            throw new IllegalStateException("Training diverged at epoch " + divergedAtEpoch
                    + "; press reset to start again.");
        }
        if (unit == Command.StepUnit.EPOCH) {
            trainer.trainEpoch();
        } else {
            trainer.trainBatch();
        }
        version++;
        if (trainer.diverged()) {
            diverge();
            return;
        }
        history.record(progress(), measureMetrics(System.nanoTime()));
    }

    private void diverge() {
        insightOwed = true;
        diverged = true;
        divergedAtEpoch = trainer.epoch();
        running = false;
        version++;
        for (ViewerLink viewer : viewers) {
            viewer.markUrgent();
        }
        broadcastState();
    }

    /**
     * Live when only the training settings a running network can take differ (learning rate,
     * regularization and its rate, batch size); otherwise a rebuild.
     */
    private void configure(ExperimentConfig next) {
        if (next.equals(config)) {
            return;
        }
        if (config.differsOnlyInLiveSettings(next)) {
            trainer.setSettings(next.training().settings());
            config = next;
            return;
        }
        if (config.differsOnlyInHiddenActivations(next) && !diverged) {
            swapActivations(next);
            return;
        }
        rebuild(next, userData, null);
    }

    /**
     * Changes the hidden activations and keeps the weights, the optimizer's memory, the epoch and
     * the history: a student who swaps ReLU for leaky ReLU sees the dead units come back to life in
     * the same network, rather than in a fresh one. Training stays paused or running as it was.
     */
    private void swapActivations(ExperimentConfig next) {
        boolean wasRunning = running;
        org.layerlab.training.Trainer old = trainer;
        Experiment built = Experiment.build(next, settings.limits(), next.data().isCustom() ? userData : null);
        built.network().setParameters(old.network().parameters());
        built.optimizer().restore(old.optimizer().state());
        built.trainer().restorePosition(old.epoch(), old.cursor(), old.order(), old.orderRngState());
        org.layerlab.protocol.History kept = history.toHistory();
        install(built);
        history.load(kept);
        running = wasRunning;
    }

    private void select(NeuronRef ref) {
        if (ref != null) {
            int[] sizes = trainer.network().layerSizes();
            if (ref.layer() >= sizes.length) {
                throw new ProtocolException("layer " + ref.layer() + " does not exist; the network's layers are 0"
                        + " (inputs) to " + (sizes.length - 1) + " (outputs).", "layer");
            }
            if (ref.neuron() >= sizes[ref.layer()]) {
                throw new ProtocolException("neuron " + ref.neuron() + " does not exist; layer " + ref.layer()
                        + " has neurons 0 to " + (sizes[ref.layer()] - 1) + ".", "neuron");
            }
        }
        selected = ref;
        version++;
    }

    /**
     * The point joins the training set and the data becomes custom. The network keeps training
     * from where it is: the label must fit the task, so the network's shape stays the same.
     */
    private void addPoint(Command.AddPoint add) {
        double label = add.label();
        requireLabelFitsTask(label);
        DataSplit split = experiment.split();
        int count = split.train().size() + split.test().size() + 1;
        if (count > UserPoints.MAX_POINTS) {
            throw new ProtocolException("The data already has " + (count - 1) + " points; at most "
                    + UserPoints.MAX_POINTS + " are allowed.", null);
        }
        List<Point> points = new ArrayList<>(count);
        boolean[] isTrain = new boolean[count];
        for (Point p : split.train()) {
            isTrain[points.size()] = true;
            points.add(p);
        }
        points.addAll(split.test());
        isTrain[points.size()] = true;
        points.add(new Point(add.x(), add.y(), label));
        UserData data = new UserData(points, isTrain);
        ExperimentConfig next = config.withData(config.data().withDataset(ExperimentConfig.DataConfig.CUSTOM));
        Experiment built = Experiment.build(next, settings.limits(), data);
        if (!built.spec().equals(experiment.spec())) {
            install(built);
            userData = data;
            return;
        }
        // Same network: carry weights, optimizer memory and epoch count over to the new data.
        org.layerlab.training.Trainer old = trainer;
        built.network().setParameters(old.network().parameters());
        built.optimizer().restore(old.optimizer().state());
        built.trainer().restorePosition(old.epoch(), 0, built.trainer().order());
        experiment = built;
        trainer = built.trainer();
        config = built.config();
        userData = data;
        version++;
        sendDataIfChanged();
    }

    /** A label the task can take: ±1 for two classes, a class index for k classes, any for regression. */
    private void requireLabelFitsTask(double label) {
        Task task = experiment.task();
        if (task.problem() == Problem.CLASSIFICATION && label != 1 && label != -1) {
            throw new ProtocolException("label must be -1 or 1 for two classes, got " + label + ".", "label");
        }
        if (task.problem() == Problem.MULTICLASS && (label != Math.rint(label) || label < 0
                || label >= task.classCount())) {
            throw new ProtocolException("label must be a class 0 to " + (task.classCount() - 1) + ", got " + label + ".",
                    "label");
        }
    }

    // ================================================================== step-through backpropagation

    /**
     * A trace {@code applyTrace} may apply: the network it was computed on (the object and its
     * parameters at the time), the parameters after the update, and the request, to trace again.
     */
    private record KeptTrace(Network network, double[] parameters, double[] updated, Command.Trace request) {
    }

    /**
     * Pauses, then traces one sample through the network on a copy (the network does not change)
     * and returns the {@code trace} event for the sender.
     */
    private String trace(Command.Trace request) {
        running = false;
        if (diverged) {
            throw new IllegalStateException("Training diverged at epoch " + divergedAtEpoch
                    + ", so the weights are not numbers any more and there is nothing to trace; press reset first.");
        }
        double[] inputs;
        int inputOffset;
        double[] targets;
        int targetOffset;
        Point point;
        if (request.onPlane()) {
            requireLabelFitsTask(request.label());
            point = new Point(request.x(), request.y(), request.label());
            // a point of the plane: its noise inputs (if any) at 0, as the maps draw them
            inputs = org.layerlab.data.Features.rows(config.features(), List.of(point), null, config.noiseFeatures());
            inputOffset = 0;
            targets = new double[trainer.encoding().width()];
            targetOffset = 0;
            trainer.encoding().encode(point.label(), targets, 0);
        } else {
            boolean train = request.split().equals("train");
            org.layerlab.training.Samples samples = train ? trainer.trainSamples() : trainer.testSamples();
            List<Point> points = train ? experiment.split().train() : experiment.split().test();
            int count = samples.count();
            if (count == 0) {
                throw new ProtocolException("The " + request.split() + " set is empty, so there is no sample "
                        + request.index() + " to trace.", "index");
            }
            if (request.index() >= count) {
                throw new ProtocolException("index must be in [0, " + (count - 1) + "] for the " + request.split()
                        + " set (" + count + " samples), got " + request.index() + ".", "index");
            }
            point = points.get(request.index());
            inputs = samples.inputs();
            inputOffset = request.index() * samples.inputWidth();
            targets = samples.targets();
            targetOffset = request.index() * samples.targetWidth();
        }
        double learningRate = trainer.settings().learningRate();
        Network network = trainer.network();
        StepTrace step = StepTrace.of(network, inputs, inputOffset, targets, targetOffset, learningRate);
        long traceId = ++lastTraceId;
        traces.put(traceId, new KeptTrace(network, step.parameters(), step.updated(), request));
        while (traces.size() > KEPT_TRACES) {
            traces.remove(traces.keySet().iterator().next());
        }
        int width = network.layerSize(0);
        int targetWidth = network.layerSize(network.layerCount());
        return EventCodec.trace(new org.layerlab.protocol.TraceEvent(traceId, trainer.epoch(),
                request.onPlane() ? null : request.split(), request.onPlane() ? null : request.index(),
                point.x(), point.y(), point.label(),
                Arrays.copyOfRange(inputs, inputOffset, inputOffset + width),
                Arrays.copyOfRange(targets, targetOffset, targetOffset + targetWidth),
                learningRate, step.loss(), step.lossAfter(), step.layers()));
    }

    /**
     * Applies trace {@code traceId}'s single-sample SGD update, if the network is still exactly the
     * one traced; returns a new trace of the same point, so lossAfter can be seen to become loss.
     */
    private String applyTrace(Command.ApplyTrace command) {
        running = false;
        if (diverged) {
            throw new IllegalStateException("Training diverged at epoch " + divergedAtEpoch
                    + "; press reset, then trace again.");
        }
        KeptTrace kept = traces.get(command.traceId());
        if (kept == null) {
            throw new ProtocolException("traceId " + command.traceId() + " is not a trace this session knows"
                    + (lastTraceId == 0 ? " (no trace yet)" : " (the last " + KEPT_TRACES + " traces are kept; the"
                    + " latest is " + lastTraceId + ")") + "; trace again.", "traceId");
        }
        Network network = trainer.network();
        if (kept.network() != network || !Arrays.equals(kept.parameters(), network.parameters())) {
            throw new ProtocolException("traceId " + command.traceId() + ": the network changed since this trace;"
                    + " trace again.", "traceId");
        }
        network.setParameters(kept.updated());
        version++;
        if (!network.isFinite()) {
            diverge();
            return null;
        }
        return trace(kept.request());
    }

    /** The config takes the model's features and architecture; the data stays. */
    private void importModel(ModelFile model) {
        NetworkSpec spec = model.spec();
        ExperimentConfig.NetworkConfig current = config.network();
        List<Integer> hidden = spec.hiddenSizes();
        List<String> activationIds = new ArrayList<>();
        double leakySlope = current.leakySlope();
        double eluAlpha = current.eluAlpha();
        for (Activation activation : spec.hiddenActivations()) {
            activationIds.add(activation.id());
        }
        for (int l = 1; l <= spec.layerCount(); l++) {
            Activation activation = spec.activation(l);
            if (activation instanceof Activation.LeakyRelu) {
                leakySlope = ((Activation.LeakyRelu) activation).slope();
            } else if (activation instanceof Activation.Elu) {
                eluAlpha = ((Activation.Elu) activation).alpha();
            }
        }
        boolean uniform = activationIds.stream().distinct().count() <= 1;
        String activation = activationIds.isEmpty() ? current.activation() : activationIds.get(0);
        ExperimentConfig.NetworkConfig network = new ExperimentConfig.NetworkConfig(hidden, activation,
                uniform ? null : activationIds, leakySlope, eluAlpha, spec.outputActivation().id(), spec.loss(),
                current.init(), current.initConstant());
        ExperimentConfig next = config.withFeatures(model.features()).withNoiseFeatures(model.noiseFeatures())
                .withNetwork(network);
        rebuild(next, userData, model);
    }

    private void exportModel(ViewerLink to) {
        if (diverged) {
            throw new IllegalStateException("Training diverged, so the weights are not numbers any more; press"
                    + " reset, then export.");
        }
        send(to, EventCodec.model(experiment.toModelFile()));
    }

    /**
     * Builds the experiment {@code next} describes and puts it in place of the current one: paused,
     * epoch 0, history cleared. Builds first: if {@code next} cannot be built, nothing changes.
     */
    private void rebuild(ExperimentConfig next, UserData data, ModelFile model) {
        Experiment built = Experiment.build(next, settings.limits(), next.data().isCustom() ? data : null);
        if (model != null) {
            built = built.withInitialModel(model);
        }
        install(built);
        if (data != null) {
            userData = data;
        }
    }

    private void install(Experiment built) {
        boolean sameShape = probe != null && Arrays.equals(probe.layerSizes(), built.network().layerSizes())
                && probe.features().equals(built.config().features());
        experiment = built;
        trainer = built.trainer();
        config = built.config();
        if (!sameShape) {
            probe = new FrameProbe(built.network().layerSizes(), built.config().features(),
                    built.config().noiseFeatures());
            displayNetwork = null;
        }
        running = false;
        diverged = false;
        if (selected != null && !exists(selected)) {
            selected = null;
        }
        if (hiddenSpace != null && !fits(hiddenSpace)) {
            hiddenSpace = null;
        }
        symmetryBreaks = 0;
        insightOwed = true;
        version++;
        lastFiniteParameters = trainer.network().parameters().clone();
        history.clear();
        lastMetrics = TrainingMetrics.of(trainer);
        history.record(0, lastMetrics);
        nextPeriodicRowEpoch = HISTORY_EVERY_EPOCHS;
        sendDataIfChanged();
    }

    /**
     * A tiny random nudge to every weight and bias, uniform in ±{@value Command.BreakSymmetry#PERTURBATION},
     * from a stream that depends only on the seed and how many nudges came before since the last
     * rebuild: the same clicks on the same seed give the same weights. Identical neurons become
     * different, so they can learn different things.
     */
    private void breakSymmetry() {
        if (diverged) {
            throw new IllegalStateException("Training diverged, so the weights are not numbers any more; press"
                    + " reset first.");
        }
        Rng rng = new Rng(config.seed() * 0x9E3779B97F4A7C15L + SYMMETRY_STREAM + 0x632BE59BD9B4E019L * ++symmetryBreaks);
        double[] params = trainer.network().parameters();
        double h = Command.BreakSymmetry.PERTURBATION;
        for (int k = 0; k < params.length; k++) {
            params[k] += rng.uniform(-h, h);
        }
        version++;
    }

    /** Shifts or sets every hidden neuron's bias; the output layer's stays as it is. */
    private void biases(Command.Biases command) {
        if (diverged) {
            throw new IllegalStateException("Training diverged, so the weights are not numbers any more; press"
                    + " reset first.");
        }
        Network network = trainer.network();
        for (int l = 1; l < network.layerCount(); l++) {
            for (int j = 0; j < network.layerSize(l); j++) {
                network.setBias(l, j, command.set() ? command.value() : network.bias(l, j) + command.value());
            }
        }
        version++;
    }

    private void hiddenSpace(HiddenSpaceView view) {
        if (view != null) {
            Network network = trainer.network();
            int hiddenLayers = network.layerCount() - 1;
            if (view.layer() > hiddenLayers) {
                throw new ProtocolException(hiddenLayers == 0
                        ? "layer " + view.layer() + " is not a hidden layer; this network has no hidden layers."
                        : "layer " + view.layer() + " is not a hidden layer; the network's hidden layers are 1 to "
                                + hiddenLayers + ".", "layer");
            }
            int width = network.layerSize(view.layer());
            if (view.a() >= width) {
                throw new ProtocolException("a is neuron " + view.a() + ", which does not exist; layer " + view.layer()
                        + " has neurons 0 to " + (width - 1) + ".", "a");
            }
            if (view.b() >= width) {
                throw new ProtocolException("b is neuron " + view.b() + ", which does not exist; layer " + view.layer()
                        + " has neurons 0 to " + (width - 1) + ".", "b");
            }
        }
        hiddenSpace = view;
    }

    private boolean fits(HiddenSpaceView view) {
        Network network = trainer.network();
        return view.layer() < network.layerCount() && view.a() < network.layerSize(view.layer())
                && view.b() < network.layerSize(view.layer());
    }

    private boolean exists(NeuronRef ref) {
        int[] sizes = trainer.network().layerSizes();
        return ref.layer() < sizes.length && ref.neuron() < sizes[ref.layer()];
    }

    private void sendDataIfChanged() {
        if (!experiment.split().equals(sentSplit)) {
            sentSplit = experiment.split();
            broadcast(EventCodec.data(sentSplit, experiment.task()));
        }
    }

    // ================================================================== snapshots

    private SessionSnapshot captureSnapshot() {
        return new SessionSnapshot(config, config.data().isCustom() ? userData : null,
                trainer.network().parameters(), trainer.optimizer().state(), trainer.epoch(), trainer.cursor(),
                trainer.order(), trainer.orderRngState(), diverged ? divergedAtEpoch : null, pacer.rate(), selected,
                history.toHistory());
    }

    private void restoreNow(SessionSnapshot snapshot) {
        ExperimentConfig next = snapshot.config();
        Experiment built = Experiment.build(next, settings.limits(), next.data().isCustom() ? snapshot.userData() : null);
        built.network().setParameters(snapshot.parameters());
        built.optimizer().restore(snapshot.optimizer());
        built.trainer().restorePosition(snapshot.epoch(), snapshot.cursor(), snapshot.order(),
                snapshot.orderRngState());
        install(built);
        if (snapshot.userData() != null) {
            userData = snapshot.userData();
        }
        history.load(snapshot.history());
        nextPeriodicRowEpoch = trainer.epoch() + HISTORY_EVERY_EPOCHS;
        pacer.setRate(snapshot.speed(), System.nanoTime());
        selected = snapshot.selected() != null && exists(snapshot.selected()) ? snapshot.selected() : null;
        if (trainer.diverged()) {
            diverged = true;
            divergedAtEpoch = snapshot.divergedAtEpoch() == null ? trainer.epoch() : snapshot.divergedAtEpoch();
        }
        broadcastState();
    }

    // ================================================================== events

    private StateEvent stateEvent() {
        NetworkSpec spec = trainer.network().spec();
        List<Integer> sizes = new ArrayList<>();
        for (int size : spec.layerSizes()) {
            sizes.add(size);
        }
        List<String> activations = new ArrayList<>();
        activations.add("input");
        for (int l = 1; l <= spec.layerCount(); l++) {
            activations.add(spec.activation(l).id());
        }
        List<String> featureIds = config.inputIds(); // features, then noise1 … noise<d>
        return new StateEvent(running, trainer.epoch(), config, diverged, diverged ? divergedAtEpoch : null,
                pacer.rate(), selected, experiment.task(), sizes, featureIds, activations, viewers.size());
    }

    private void broadcastState() {
        if (!viewers.isEmpty()) {
            broadcast(EventCodec.state(stateEvent()));
        }
    }

    private void broadcast(String json) {
        for (ViewerLink viewer : viewers) {
            send(viewer, json);
        }
    }

    private void send(ViewerLink to, String json) {
        try {
            if (to.viewer.isOpen()) {
                to.viewer.sendText(json);
            }
        } catch (RuntimeException e) {
            LOG.debug("session {}: an event could not go to viewer {}", id, to.id(), e);
        }
    }

    // ================================================================== for tests in this package

    Trainer trainerForTest() {
        return trainer;
    }
}
