package org.layerlab.session;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.layerlab.data.Point;
import org.layerlab.insight.FrameProbe;
import org.layerlab.protocol.ProtocolException;
import org.layerlab.protocol.RaceCommand;
import org.layerlab.protocol.RaceEventCodec;
import org.layerlab.protocol.RaceEventCodec.JobState;
import org.layerlab.protocol.RaceEventCodec.LiveContestant;
import org.layerlab.protocol.RaceEventCodec.LiveState;
import org.layerlab.protocol.RaceEventCodec.Progress;
import org.layerlab.protocol.RaceFrameCodec;
import org.layerlab.training.ConfigException;
import org.layerlab.training.Race;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One race page on the server (docs/protocol.md, "Races"): the race it set, the live race on one
 * seed, and its repeat over seeds. An {@link Actor}, like {@link Session}: everything runs in the session's
 * own slices on the shared {@link Scheduler}, one at a time; the socket thread and the repeat's
 * lanes only post mail or raise a flag.
 *
 * <p>A slice handles the mail, trains the live race in lock-step ({@link Race.LockStep}: each
 * tick trains every contestant still racing one epoch) until the slice's budget or the pace's
 * tokens run out, reports the repeat's progress (at most ten times a second), sends a frame if the
 * page is ready for one, and arms a wake-up for what comes next — or nothing: a paused race
 * without a repeat costs nothing.
 *
 * <p>Frames: at most {@value #MAX_FRAMES_IN_FLIGHT} unacknowledged, at most 8 a second and within
 * {@value #MAX_BYTES_PER_SECOND} bytes a second. A frame carries the curve points measured since
 * the previous one (every epoch up to 2,000 epochs, then every 2nd, 4th, … epoch, so a curve never
 * holds more than a few thousand points) and the maps of the contestants whose network changed.
 * The socket closing closes the session: the live race and the repeat stop.
 */
public final class RaceSession extends Actor {
    private static final Logger LOG = LoggerFactory.getLogger(RaceSession.class);

    /** Lock-step epochs per second until the page asks for another pace. */
    public static final double DEFAULT_SPEED = 100;
    static final int MAX_FRAMES_IN_FLIGHT = 2;
    static final long FRAME_INTERVAL_NANOS = 125_000_000L;
    static final long MAX_BYTES_PER_SECOND = 40_000;
    /** A frame unacknowledged this long is taken as lost, so a lost ack cannot freeze the page. */
    static final long ACK_TIMEOUT_NANOS = 3_000_000_000L;
    static final long PROGRESS_INTERVAL_NANOS = 100_000_000L;
    /** Every epoch is a curve point up to here; beyond, every 2nd, then 4th, … (a few thousand points at most). */
    static final int FULL_CURVE_EPOCHS = 2000;
    private static final int MAX_MAIL_PER_SLICE = 256;
    static final int MAX_QUEUED_COMMANDS = 1000;
    private static final long MIN_TRAINING_NANOS = 200_000L;

    private final String id;
    private final RaceHub hub;
    private final Viewer viewer;
    /** Who opened the page, for the admission's limit per client; null: no limit. */
    private final String client;

    // ---- shared with other threads
    /** The repeat's progress changed (set by its lanes and the hub). */
    private final AtomicBoolean jobDirty = new AtomicBoolean();
    private final AtomicInteger queuedCommands = new AtomicInteger();
    private final AtomicBoolean floodReported = new AtomicBoolean();

    // ---- confined to the session's slices
    private Race.Spec spec;
    private Race.LockStep live;
    private long liveId;
    private boolean running;
    private final Pacer pacer;
    private FrameProbe[] probes = new FrameProbe[0];
    /** Per contestant: the epoch of the network its last sent map showed; −1 when a map is owed. */
    private int[] mapEpoch = new int[0];
    private boolean[] racingBefore = new boolean[0];
    /** Each contestant's test loss before its first epoch. */
    private double[] startLoss = new double[0];
    private final Curve curve = new Curve();
    private long frameSeq;
    /** Sent, unacknowledged frames: {seq, sent at}. */
    private final ArrayDeque<long[]> inFlight = new ArrayDeque<>();
    private long nextFrameAt;
    private RaceJob job;
    private long progressSentAt = Long.MIN_VALUE / 2;
    private JobState progressSentState;
    private int progressSentPosition = -1;

    RaceSession(String id, RaceHub hub, Viewer viewer, String client) {
        super(hub.scheduler(), "race " + id);
        this.id = id;
        this.hub = hub;
        this.viewer = viewer;
        this.client = client;
        this.pacer = new Pacer(DEFAULT_SPEED, System.nanoTime());
    }

    public String id() {
        return id;
    }

    /** The client key its repeats count against (null: none). */
    String client() {
        return client;
    }

    // ================================================================== mail

    private record Greet() {
    }

    private record FromViewer(RaceCommand command) {
    }

    private record Rejected(ProtocolException problem) {
    }

    private record JobDone(RaceJob job, Race.Result result) {
    }

    private record JobFailed(RaceJob job, Throwable problem) {
    }

    void greet() {
        post(new Greet());
    }

    /** A decoded command from the page; dropped (and the page told once) when too many wait. */
    public void command(RaceCommand command) {
        if (queuedCommands.incrementAndGet() > MAX_QUEUED_COMMANDS) {
            queuedCommands.decrementAndGet();
            if (!floodReported.getAndSet(true)) {
                post(new Rejected(new ProtocolException("Too many messages at once: the race is "
                        + MAX_QUEUED_COMMANDS + " commands behind, so later ones were dropped. Send fewer.", null,
                        command.type())));
            }
            return;
        }
        post(new FromViewer(command));
    }

    /** A message that could not be decoded: answered with an error, in order with the rest. */
    public void reject(ProtocolException problem) {
        post(new Rejected(problem));
    }

    /** The repeat's progress changed; called from lanes and the hub. */
    void jobChanged() {
        jobDirty.set(true);
        kick();
    }

    void jobFinished(RaceJob finished, Race.Result result) {
        post(new JobDone(finished, result));
    }

    void jobFailed(RaceJob failed, Throwable problem) {
        post(new JobFailed(failed, problem));
    }

    /** The live race as {@code raceState} shows it, read inside a slice (tests). */
    public CompletableFuture<LiveState> liveState() {
        return call(this::state);
    }



    // ================================================================== the slice

    @Override
    boolean slice() {
        long start = System.nanoTime();
        handleMail(start, MAX_MAIL_PER_SLICE);
        if (isClosed()) {
            return false;
        }
        if (running && live != null) {
            train(Math.max(start + scheduler().sliceBudgetNanos(), System.nanoTime() + MIN_TRAINING_NANOS));
        }
        long now = System.nanoTime();
        sendProgress(now);
        sendFrame(now);
        return plan(System.nanoTime());
    }

    @Override
    void handle(Object mail) {
        if (mail instanceof Greet) {
            send(RaceEventCodec.hello(hub.presets(), hub.limits(), RaceHub.MAP_RESOLUTION, hub.jobSlots()));
        } else if (mail instanceof FromViewer fromViewer) {
            queuedCommands.decrementAndGet();
            execute(fromViewer.command());
        } else if (mail instanceof Rejected rejected) {
            send(RaceEventCodec.error(rejected.problem()));
        } else if (mail instanceof JobDone doneMail) {
            if (doneMail.job() == job) {
                jobDirty.set(false);
                sendProgressNow(job.progress(), System.nanoTime());
                send(RaceEventCodec.result(job.id(), doneMail.result(), job.progress().elapsedMs()));
            }
        } else if (mail instanceof JobFailed failedMail) {
            if (failedMail.job() == job) {
                send(RaceEventCodec.error("The repeat over seeds failed on the server (" + failedMail.problem()
                        + ") and was stopped.", null, "repeat"));
                sendProgressNow(job.progress(), System.nanoTime());
            }
        }
    }

    /** Carries out one command, then tells the page the new state; a command that fails changes nothing. */
    private void execute(RaceCommand command) {
        try {
            if (command instanceof RaceCommand.Ack ack) {
                acknowledge(ack.seq());
                return;
            }
            if (command instanceof RaceCommand.SetRace setRace) {
                Race.LockStep next = build(setRace.spec(), setRace.spec().base().seed());
                cancelJob();
                install(next, true);
            } else if (command instanceof RaceCommand.Play) {
                requireLive(command);
                if (live.finished()) {
                    throw new ProtocolException("This race is over: every contestant reached the target, ran out"
                            + " of epochs or diverged. Reset it, or choose another seed.", null, command.type());
                }
                if (!running) {
                    running = true;
                    pacer.restart(System.nanoTime());
                }
            } else if (command instanceof RaceCommand.Pause) {
                running = false;
            } else if (command instanceof RaceCommand.Reset) {
                requireLive(command);
                install(build(spec, live.seed()), false);
            } else if (command instanceof RaceCommand.Seed seedCommand) {
                requireLive(command);
                install(build(spec, seedCommand.seed()), seedCommand.seed() != live.seed());
            } else if (command instanceof RaceCommand.Speed speed) {
                pacer.setRate(speed.epochsPerSecond(), System.nanoTime());
            } else if (command instanceof RaceCommand.Repeat) {
                requireLive(command);
                cancelJob();
                RaceJob next = hub.newJob(spec, this);
                // refused (the shared queue is full, or this client holds its share): an error, no job
                hub.submit(next);
                job = next;
                progressSentState = null;
                jobDirty.set(true);
            } else if (command instanceof RaceCommand.Cancel) {
                if (job != null && job.state() != JobState.DONE) {
                    hub.cancel(job);
                    jobDirty.set(true);
                }
            }
        } catch (ProtocolException e) {
            send(RaceEventCodec.error(e.command() == null ? e.inCommand(command.type()) : e));
        } catch (ConfigException e) {
            send(RaceEventCodec.error(e.getMessage(), e.field() == null ? "race" : "race." + e.field(),
                    command.type()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            send(RaceEventCodec.error(e.getMessage(), null, command.type()));
        }
        send(RaceEventCodec.state(state()));
    }

    private void requireLive(RaceCommand command) {
        if (live == null) {
            throw new ProtocolException("There is no race yet: send race with a race document first.", null,
                    command.type());
        }
    }

    /** Builds every contestant for {@code seed} (before anything changes, so a failure changes nothing). */
    private static Race.LockStep build(Race.Spec spec, long seed) {
        return new Race.LockStep(spec, seed);
    }

    /** Stops the repeat, if one is going, and tells the page; the next repeat or race replaces it. */
    private void cancelJob() {
        if (job != null) {
            if (job.state() != JobState.DONE && job.state() != JobState.CANCELLED) {
                hub.cancel(job);
                sendProgressNow(job.progress(), System.nanoTime());
            }
            job = null;
            jobDirty.set(false);
        }
    }

    /** The new live race, paused at epoch 0; its first frame goes out at once. */
    private void install(Race.LockStep next, boolean newPoints) {
        live = next;
        spec = next.spec();
        liveId = (liveId + 1) & 0xFFFF_FFFFL;
        running = false;
        List<Race.Runner> runners = next.runners();
        probes = new FrameProbe[runners.size()];
        for (int c = 0; c < runners.size(); c++) {
            Race.Runner runner = runners.get(c);
            probes[c] = new FrameProbe(runner.network().layerSizes(), runner.experiment().config().features(),
                    2, RaceHub.MAP_RESOLUTION, 2);
        }
        mapEpoch = new int[runners.size()];
        Arrays.fill(mapEpoch, -1);
        racingBefore = new boolean[runners.size()];
        curve.reset(runners.size());
        // Where everyone starts: epoch 0 on the curve and the cards (display only; the runs never measure it).
        startLoss = new double[runners.size()];
        int row = curve.add(0);
        for (int c = 0; c < runners.size(); c++) {
            startLoss[c] = runners.get(c).currentTestLoss();
            curve.losses[c][row] = (float) startLoss[c];
        }
        nextFrameAt = System.nanoTime();
        sendPoints(newPoints);
    }

    /** The training points of the live seed, each distinct set once (a fair race has one); only when they changed. */
    private void sendPoints(boolean changed) {
        if (!changed) {
            return;
        }
        List<List<Point>> sets = new ArrayList<>();
        int[] of = new int[live.runners().size()];
        for (int c = 0; c < of.length; c++) {
            List<Point> train = live.runners().get(c).experiment().split().train();
            int index = sets.indexOf(train);
            if (index < 0) {
                sets.add(train);
                index = sets.size() - 1;
            }
            of[c] = index;
        }
        send(RaceEventCodec.points(liveId, live.seed(), sets, of));
    }

    LiveState state() {
        List<LiveContestant> contestants = new ArrayList<>();
        if (live != null) {
            List<Race.Runner> runners = live.runners();
            for (int c = 0; c < runners.size(); c++) {
                Race.Runner runner = runners.get(c);
                contestants.add(new LiveContestant(spec.contestants().get(c).name(), runner.experiment().task(),
                        runner.experiment().spec().outputActivation().id(), status(runner), runner.epoch(),
                        runner.reachedAt(), shownLoss(c)));
            }
        }
        return new LiveState(liveId, spec, live == null ? 0 : live.seed(), running, pacer.rate(),
                live == null ? 0 : live.epoch(), live != null && live.finished(), contestants,
                job == null ? null : job.progress());
    }

    /** The last measured test loss, or the starting one before the first measurement. */
    private double shownLoss(int contestant) {
        Race.Runner runner = live.runners().get(contestant);
        return runner.measuredAt() == 0 && !runner.diverged() ? startLoss[contestant] : runner.testLoss();
    }

    private static int status(Race.Runner runner) {
        if (!runner.finished()) {
            return RaceFrameCodec.STATUS_RACING;
        }
        if (runner.reachedAt() >= 0) {
            return RaceFrameCodec.STATUS_REACHED;
        }
        return runner.diverged() ? RaceFrameCodec.STATUS_DIVERGED : RaceFrameCodec.STATUS_NOT_REACHED;
    }

    // ================================================================== training

    private void train(long deadline) {
        long now = System.nanoTime();
        do {
            if (!pacer.tryTake(1.0, now)) {
                break;
            }
            tick();
            if (live.finished()) {
                running = false;
                send(RaceEventCodec.state(state()));
                break;
            }
            now = System.nanoTime();
        } while (now < deadline);
    }

    /** One lock-step epoch; the curve gets a point when this epoch is on the stride or someone finished. */
    private void tick() {
        List<Race.Runner> runners = live.runners();
        for (int c = 0; c < runners.size(); c++) {
            racingBefore[c] = !runners.get(c).finished();
        }
        live.tick();
        int epoch = live.epoch();
        boolean someoneFinished = false;
        for (int c = 0; c < runners.size(); c++) {
            someoneFinished |= racingBefore[c] && runners.get(c).finished();
        }
        if (epoch % stride(epoch) != 0 && !someoneFinished) {
            return;
        }
        int row = curve.add(epoch);
        for (int c = 0; c < runners.size(); c++) {
            Race.Runner runner = runners.get(c);
            boolean measuredNow = racingBefore[c] && runner.measuredAt() == epoch;
            curve.losses[c][row] = measuredNow ? (float) runner.testLoss() : Float.NaN;
        }
    }

    /** Every epoch up to {@value #FULL_CURVE_EPOCHS}, then every 2nd up to 4,000, every 4th up to 8,000, … */
    static int stride(int epoch) {
        return epoch < FULL_CURVE_EPOCHS ? 1 : Integer.highestOneBit(epoch / (FULL_CURVE_EPOCHS / 2));
    }

    /** Curve points not yet sent. */
    private static final class Curve {
        int[] epochs = new int[64];
        float[][] losses = new float[0][64];
        int size;

        void reset(int contestants) {
            size = 0;
            losses = new float[contestants][epochs.length];
        }

        int add(int epoch) {
            if (size == epochs.length) {
                epochs = Arrays.copyOf(epochs, size * 2);
                for (int c = 0; c < losses.length; c++) {
                    losses[c] = Arrays.copyOf(losses[c], size * 2);
                }
            }
            epochs[size] = epoch;
            return size++;
        }
    }

    // ================================================================== frames and progress

    private void acknowledge(long seq) {
        while (!inFlight.isEmpty() && inFlight.peekFirst()[0] <= seq) {
            inFlight.pollFirst();
        }
    }

    private boolean frameOwed() {
        if (live == null) {
            return false;
        }
        if (curve.size > 0) {
            return true;
        }
        List<Race.Runner> runners = live.runners();
        for (int c = 0; c < runners.size(); c++) {
            if (mapEpoch[c] != runners.get(c).epoch()) {
                return true;
            }
        }
        return false;
    }

    /** 0 when the page is ready for a frame; else how long until it may be (MAX_VALUE: when an ack comes). */
    private long nanosUntilReady(long now) {
        while (!inFlight.isEmpty() && now - inFlight.peekFirst()[1] > ACK_TIMEOUT_NANOS) {
            inFlight.pollFirst();
        }
        if (inFlight.size() >= MAX_FRAMES_IN_FLIGHT) {
            return Math.max(1, inFlight.peekFirst()[1] + ACK_TIMEOUT_NANOS - now + 1);
        }
        return Math.max(0, nextFrameAt - now);
    }

    private void sendFrame(long now) {
        if (!frameOwed() || nanosUntilReady(now) > 0) {
            return;
        }
        List<Race.Runner> runners = live.runners();
        List<RaceFrameCodec.Contestant> contestants = new ArrayList<>(runners.size());
        for (int c = 0; c < runners.size(); c++) {
            Race.Runner runner = runners.get(c);
            float[][] map = null;
            if (mapEpoch[c] != runner.epoch()) {
                map = probes[c].outputMaps(runner.network());
                mapEpoch[c] = runner.epoch();
            }
            contestants.add(new RaceFrameCodec.Contestant(status(runner), runner.epoch(), runner.reachedAt(),
                    shownLoss(c), map));
        }
        float[][] losses = new float[runners.size()][];
        for (int c = 0; c < losses.length; c++) {
            losses[c] = Arrays.copyOf(curve.losses[c], curve.size);
        }
        frameSeq = (frameSeq + 1) & 0xFFFF_FFFFL;
        ByteBuffer frame = RaceFrameCodec.encode(new RaceFrameCodec.Frame(frameSeq, liveId, live.epoch(),
                RaceHub.MAP_RESOLUTION, contestants, Arrays.copyOf(curve.epochs, curve.size), losses));
        curve.size = 0;
        int bytes = frame.remaining();
        try {
            viewer.sendBinary(frame);
        } catch (RuntimeException e) {
            LOG.debug("race {}: a frame could not be sent", id, e);
        }
        inFlight.addLast(new long[] {frameSeq, now});
        nextFrameAt = now + Math.max(FRAME_INTERVAL_NANOS, bytes * 1_000_000_000L / MAX_BYTES_PER_SECOND);
    }

    private void sendProgress(long now) {
        if (job == null || !jobDirty.getAndSet(false)) {
            return;
        }
        Progress progress = job.progress();
        boolean news = progress.state() != progressSentState || progress.queuePosition() != progressSentPosition;
        if (!news && now - progressSentAt < PROGRESS_INTERVAL_NANOS) {
            jobDirty.set(true); // later: plan() arms the wake-up
            return;
        }
        sendProgressNow(progress, now);
    }

    private void sendProgressNow(Progress progress, long now) {
        send(RaceEventCodec.progress(progress));
        progressSentAt = now;
        progressSentState = progress.state();
        progressSentPosition = progress.queuePosition();
    }

    /** True to run again at once; else arms a wake-up for the earliest work (pace, frame, progress), or none. */
    private boolean plan(long now) {
        long wait = Long.MAX_VALUE;
        if (running && live != null) {
            wait = pacer.nanosUntil(1.0, now);
            if (wait == 0) {
                return true;
            }
        }
        if (frameOwed()) {
            wait = Math.min(wait, nanosUntilReady(now));
        }
        if (job != null && jobDirty.get()) {
            wait = Math.min(wait, Math.max(1, progressSentAt + PROGRESS_INTERVAL_NANOS - now));
        }
        if (wait == 0) {
            return true;
        }
        if (wait != Long.MAX_VALUE) {
            wakeAt(now + wait, now);
        }
        return false;
    }


    private void send(String json) {
        try {
            viewer.sendText(json);
        } catch (RuntimeException e) {
            LOG.debug("race {}: an event could not be sent", id, e);
        }
    }

    @Override
    void failed(Throwable t) {
        LOG.error("race {} failed in a slice; the live race is paused", id, t);
        running = false;
        send(RaceEventCodec.error("The server hit an internal error (" + t + ") and paused the race. Press play"
                + " to continue, or reset.", null, null));
    }

    /** The socket closed: the live race and the repeat stop, the session is dropped. */
    @Override
    void release() {
        cancelJob();
        live = null;
        probes = new FrameProbe[0];
        running = false;
        hub.closed(this);
    }
}
