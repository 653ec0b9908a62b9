package org.layerlab.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.layerlab.protocol.RaceEventCodec.JobState;
import org.layerlab.protocol.RaceEventCodec.Progress;
import org.layerlab.training.Race;
import org.layerlab.training.SteppedJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One repeat over seeds: every contestant × seed of a race, trained as {@link Race#run} trains it —
 * many networks at once on ensembles ({@link Race#ensembleJobs}), each run bit-identical to
 * {@link Race#runOne}'s — and summarised by {@link Race#summarize}, so the page shows what
 * {@code layerlab experiment} prints, in the CLI's time (the default spiral repeat took 13.2 s
 * one network at a time, 9.6 s this way, on two cores).
 *
 * <p>Once the {@link RaceHub} gives it a slot, the job works on a few <em>lanes</em>: tasks on the
 * shared {@link Scheduler}. The first lane deals the race out into ensemble jobs, in a slice of its
 * own rather than in {@link #start} (the command or the lane that started the repeat goes on at
 * once), and then starts the others. Each lane takes the next ensemble job from a shared queue and
 * steps it in slices of the scheduler's budget, going to the back of the queue after every slice,
 * so playground sessions and other races keep their turns; when its job ends it takes the next, and
 * when none is left it stops. A step is small: building one seed's network (its points and initial
 * weights, about a millisecond), or one batch of a whole ensemble (about 0.3 ms for 40 spiral
 * networks; the epoch's test pass makes its last step longer), so slices keep close to the budget.
 *
 * <p>Cancelling takes effect between two steps; a lane that finds the job cancelled, or every run
 * in, stops, and when the last lane has stopped the hub hands the slot on. Only then is the result
 * announced, so whoever sees it sees the slot free (the page may start the next repeat at once).
 * Runs are independent, so lanes and timing do not change the result.
 *
 * <p>Thread-safe: lanes run on any worker, and each run is reported from the worker stepping its
 * ensemble; the counters and the results are atomic, and an ensemble job is stepped by one lane at
 * a time (the scheduler's queue orders its slices).
 */
final class RaceJob {
    private static final Logger LOG = LoggerFactory.getLogger(RaceJob.class);

    private final long id;
    private final Race.Spec spec;
    private final RaceSession owner;
    private final RaceHub hub;
    private final int total;
    /** The ensemble jobs no lane has taken yet; filled by the first lane. */
    private final Queue<SteppedJob<List<Race.Run>>> unclaimed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger activeLanes = new AtomicInteger();
    private final AtomicReferenceArray<Race.Run> runs;
    private final long createdAt = System.nanoTime();
    private volatile long startedAt;
    private volatile long endedAt;
    private volatile JobState state = JobState.QUEUED;
    private volatile boolean cancelled;
    /** Whether a lane's failure was reported (to the log and the owner); at most one is. */
    private final java.util.concurrent.atomic.AtomicBoolean failureReported = new java.util.concurrent.atomic.AtomicBoolean();
    /** The summary, once every run is in; null before (and for ever if cancelled or failed). */
    private volatile Race.Result result;
    /** Its admission by the hub's {@link JobSlots}; null until submitted. */
    private volatile JobSlots.Claim claim;

    RaceJob(long id, Race.Spec spec, RaceSession owner, RaceHub hub) {
        this.id = id;
        this.spec = spec;
        this.owner = owner;
        this.hub = hub;
        this.total = spec.contestants().size() * spec.seeds();
        this.runs = new AtomicReferenceArray<>(total);
    }

    long id() {
        return id;
    }

    Race.Spec spec() {
        return spec;
    }

    RaceSession owner() {
        return owner;
    }

    boolean isCancelled() {
        return cancelled;
    }

    JobState state() {
        return state;
    }

    JobSlots.Claim claim() {
        return claim;
    }

    /** The admission's claim: set when submitted (and by the start, which may come first). */
    void admitted(JobSlots.Claim admission) {
        claim = admission;
    }

    int done() {
        return done.get();
    }

    int total() {
        return total;
    }

    /** The summary sent to the owner, once {@link #state()} is DONE; null until then. */
    Race.Result result() {
        return result;
    }

    /** The job's progress as {@code progress} reports it. */
    Progress progress() {
        JobState now = state;
        JobSlots.Claim admission = claim;
        if (now == JobState.QUEUED && admission != null && admission.isRunning()) {
            now = JobState.RUNNING; // given a slot a moment ago: its lanes are on their way
        }
        long end = now == JobState.DONE || now == JobState.CANCELLED ? endedAt : System.nanoTime();
        long from = startedAt == 0 ? createdAt : startedAt;
        long elapsedMs = now == JobState.QUEUED ? 0 : Math.max(0, (end - from) / 1_000_000L);
        return new Progress(id, now, done.get(), total, now == JobState.QUEUED ? hub.queuePosition(this) : 0,
                elapsedMs);
    }

    /**
     * The hub gave this job a slot: its first lane deals the race out for {@code lanes} lanes and
     * starts the others (fewer if there are fewer ensemble jobs).
     */
    void start(int lanes) {
        if (cancelled) {
            hub.ended(this);
            return;
        }
        startedAt = System.nanoTime();
        state = JobState.RUNNING;
        owner.jobChanged();
        activeLanes.set(1);
        Lane first = new Lane(Math.max(1, lanes));
        if (!hub.scheduler().execute(first)) {
            first.stop();
        }
    }

    /** Stops the job; its lanes notice before their next step. */
    void markCancelled() {
        if (state == JobState.DONE) {
            return;
        }
        cancelled = true;
        if (state != JobState.CANCELLED) {
            endedAt = System.nanoTime();
            state = JobState.CANCELLED;
        }
    }

    /**
     * Where {@code run} goes among the results: seed by seed, every contestant of a seed in turn
     * (any order would do, {@link Race#summarize} sorts; this one has a place for every run).
     */
    private int indexOf(Race.Run run) {
        return (int) (run.seed() - spec.base().seed()) * spec.contestants().size() + run.contestant();
    }

    /** An ensemble finished a run (called from the worker stepping it). */
    private void runFinished(Race.Run run) {
        if (cancelled) {
            return; // nobody will read it, and the page's count must stand still
        }
        int index = indexOf(run);
        if (index < 0 || index >= total || !runs.compareAndSet(index, null, run)) {
            throw new IllegalStateException("the repeat got contestant " + run.contestant() + " on seed " + run.seed()
                    + (index < 0 || index >= total ? ", which is not in the race" : " twice"));
        }
        if (done.incrementAndGet() < total) {
            owner.jobChanged(); // the last one is announced with the result, when the lanes have stopped
        }
    }

    /** Whether the lanes still have something to do: not cancelled, and some run not yet in. */
    private boolean workLeft() {
        return !cancelled && done.get() < total;
    }

    /** One lane: a task on the scheduler that steps ensemble jobs one after the other, a slice at a time. */
    private final class Lane implements Runnable {
        /** For the first lane, the lanes the job may have; 0 for the others (the work is dealt). */
        private int toDeal;
        private SteppedJob<List<Race.Run>> ensemble;
        private boolean stopped;

        private Lane(int toDeal) {
            this.toDeal = toDeal;
        }

        @Override
        public void run() {
            if (stopped) {
                return;
            }
            try {
                if (toDeal > 0 ? deal() : slice()) {
                    if (!hub.scheduler().execute(this)) {
                        stop();
                    }
                    return;
                }
            } catch (Throwable t) {
                // Every lane builds its own networks, so a race that cannot be built fails in each:
                // the page hears of it once.
                if (failureReported.compareAndSet(false, true)) {
                    LOG.error("repeat {} failed in a slice", id, t);
                    markCancelled();
                    owner.jobFailed(RaceJob.this, t);
                }
            }
            stop();
        }

        /**
         * This slice deals the race out into ensemble jobs (each builds its networks in its own
         * first steps) and starts a lane per job beside this one, up to the lanes allowed; false
         * when cancelled meanwhile.
         */
        private boolean deal() {
            int lanes = toDeal;
            toDeal = 0;
            if (cancelled) {
                return false;
            }
            List<SteppedJob<List<Race.Run>>> ensembles = Race.ensembleJobs(spec, lanes, RaceJob.this::runFinished);
            unclaimed.addAll(ensembles);
            for (int i = 1; i < Math.min(lanes, ensembles.size()); i++) {
                activeLanes.incrementAndGet();
                Lane other = new Lane(0);
                if (!hub.scheduler().execute(other)) {
                    other.stop();
                }
            }
            return true;
        }

        /** Steps until the slice's budget is spent (at least once); false when this lane has no more work. */
        private boolean slice() {
            long deadline = System.nanoTime() + hub.scheduler().sliceBudgetNanos();
            do {
                if (!workLeft()) {
                    return false;
                }
                if (ensemble == null) {
                    ensemble = unclaimed.poll();
                    if (ensemble == null) {
                        return false;
                    }
                }
                if (ensemble.step()) {
                    ensemble = null; // every run of it is in (reported as each finished)
                }
            } while (System.nanoTime() < deadline);
            return workLeft();
        }

        private void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            ensemble = null;
            if (activeLanes.decrementAndGet() == 0) {
                hub.ended(RaceJob.this);
                if (done.get() == total) {
                    finish();
                }
            }
        }
    }

    /**
     * Every run is in and every lane has stopped (exactly once: the last lane to stop), so the slot
     * is already free when the owner hears of the result.
     */
    private void finish() {
        if (cancelled) {
            return;
        }
        List<Race.Run> all = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            all.add(runs.get(i));
        }
        Race.Result summary = Race.summarize(spec, all);
        result = summary;
        endedAt = System.nanoTime();
        state = JobState.DONE;
        owner.jobFinished(this, summary);
    }
}
