package org.layerlab.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.layerlab.protocol.RaceEventCodec.JobState;
import org.layerlab.protocol.RaceEventCodec.Progress;
import org.layerlab.training.Race;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One repeat over seeds: every contestant × seed of a race, each run exactly as
 * {@link Race#runOne} runs it (through the same {@link Race.Runner}), the statistics by
 * {@link Race#summarize} — so the page shows what {@code layerlab experiment} prints.
 *
 * <p>Once the {@link RaceHub} gives it a slot, the job works through its runs on a few
 * <em>lanes</em>: tasks on the shared {@link Scheduler} that each take the next run and train it
 * in slices of the scheduler's budget (a few milliseconds), going to the back of the queue after
 * every slice, so playground sessions and other races keep their turns. Cancelling takes effect at
 * the next slice; a lane that finds the job cancelled stops, and when the last lane has stopped the
 * hub hands the slot on. Runs are independent, so lanes and timing do not change the result.
 *
 * <p>Thread-safe: lanes run on any worker; the counters and the results are atomic.
 */
final class RaceJob {
    private static final Logger LOG = LoggerFactory.getLogger(RaceJob.class);

    private final long id;
    private final Race.Spec spec;
    private final RaceSession owner;
    private final RaceHub hub;
    private final int total;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger activeLanes = new AtomicInteger();
    private final AtomicReferenceArray<Race.Run> runs;
    private final long createdAt = System.nanoTime();
    private volatile long startedAt;
    private volatile long endedAt;
    private volatile JobState state = JobState.QUEUED;
    private volatile boolean cancelled;
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

    /** The hub gave this job a slot: start {@code lanes} lanes (fewer if there are fewer runs). */
    void start(int lanes) {
        if (cancelled) {
            hub.ended(this);
            return;
        }
        startedAt = System.nanoTime();
        state = JobState.RUNNING;
        owner.jobChanged();
        int count = Math.max(1, Math.min(lanes, total));
        activeLanes.set(count);
        for (int i = 0; i < count; i++) {
            Lane lane = new Lane();
            if (!hub.scheduler().execute(lane)) {
                lane.stop();
            }
        }
    }

    /** Stops the job; its lanes notice at their next slice. */
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

    /** Which contestant and seed the run at {@code index} is: seed by seed, every contestant of a seed in turn. */
    private int contestantOf(int index) {
        return index % spec.contestants().size();
    }

    private long seedOf(int index) {
        return spec.base().seed() + index / spec.contestants().size();
    }

    /** One lane: a task on the scheduler that trains runs one after the other, a slice at a time. */
    private final class Lane implements Runnable {
        private Race.Runner runner;
        private int index = -1;
        private boolean stopped;

        @Override
        public void run() {
            if (stopped) {
                return;
            }
            try {
                if (slice()) {
                    if (!hub.scheduler().execute(this)) {
                        stop();
                    }
                    return;
                }
            } catch (Throwable t) {
                LOG.error("repeat {} failed in a slice", id, t);
                markCancelled();
                owner.jobFailed(RaceJob.this, t);
            }
            stop();
        }

        /** Trains until the slice's budget is spent; false when this lane has no more work. */
        private boolean slice() {
            long deadline = System.nanoTime() + hub.scheduler().sliceBudgetNanos();
            do {
                if (cancelled) {
                    return false;
                }
                if (runner == null) {
                    index = next.getAndIncrement();
                    if (index >= total) {
                        return false;
                    }
                    runner = new Race.Runner(spec, contestantOf(index), seedOf(index));
                }
                if (runner.step()) {
                    runs.set(index, runner.result());
                    runner = null;
                    int finished = done.incrementAndGet();
                    if (finished == total) {
                        finish();
                        return false;
                    }
                    owner.jobChanged();
                }
            } while (System.nanoTime() < deadline);
            return true;
        }

        private void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            runner = null;
            if (activeLanes.decrementAndGet() == 0) {
                hub.ended(RaceJob.this);
            }
        }
    }

    /** The last run is in (exactly once: the lane whose run made {@code done} reach the total). */
    private void finish() {
        if (cancelled) {
            return;
        }
        List<Race.Run> all = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            all.add(runs.get(i));
        }
        Race.Result result = Race.summarize(spec, all);
        endedAt = System.nanoTime();
        state = JobState.DONE;
        owner.jobFinished(this, result);
    }
}
