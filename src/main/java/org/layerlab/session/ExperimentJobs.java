package org.layerlab.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import org.layerlab.insight.LossLandscape;
import org.layerlab.training.ConfigException;
import org.layerlab.training.LearningRateSweep;
import org.layerlab.training.SeedMinima;
import org.layerlab.training.SteppedJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learning-rate page's jobs — seed minima, learning-rate sweeps, loss landscapes — run on the
 * playground's own {@link Scheduler}, in slices, between the sessions' slices: a job does a few
 * milliseconds of work ({@link SteppedJob#step()}, about an epoch each), then goes to the back of
 * the workers' queue. So a sweep never takes a core away from the class for seconds, and the
 * server's CPU stays bounded by its fixed worker pool.
 *
 * <p>Admission is the server's one {@link JobSlots}, shared with the race page's repeats: at most
 * one heavy job per worker runs at a time, server-wide, whichever page asked; later ones wait in
 * one first-come queue (their status tells their place) of bounded length; beyond that a job is
 * refused as busy, and a client that already holds {@link JobSlots#maxPerClient()} jobs is refused
 * naming that limit. A job whose page stopped asking for its status ({@link JobLimits#abandonAfter()})
 * is cancelled; a finished job's result is kept for {@link JobLimits#keepFor()}.
 *
 * <p>Thread-safe. The queue lives in {@link JobSlots}; a job's own work runs in one slice at a
 * time, so its state needs no lock.
 */
public final class ExperimentJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentJobs.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom IDS = new SecureRandom();
    /** Finished results kept at most, whatever their age (a W2 minima result is ~200 KB). */
    static final int MAX_FINISHED = 100;

    /** A job's life: queued → running → done, failed or cancelled. */
    public enum State {
        QUEUED, RUNNING, DONE, FAILED, CANCELLED;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Scheduler scheduler;
    private final JobLimits limits;
    private final JobSlots slots;
    /** True when the admission is this object's own (closed with it), false when shared. */
    private final boolean ownSlots;
    private final Map<String, Job<?>> jobs = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> sweeper;
    private volatile boolean closed;

    /**
     * Jobs on {@code scheduler}'s workers with an admission of their own: at most one running job
     * per worker, {@link JobLimits#maxQueued()} waiting, no limit per client. A server shares one
     * admission between its pages: {@link #ExperimentJobs(Scheduler, JobLimits, JobSlots)}.
     */
    public ExperimentJobs(Scheduler scheduler, JobLimits limits) {
        this(scheduler, limits, new JobSlots(scheduler.workerCount(), limits.maxQueued(), Integer.MAX_VALUE), true);
    }

    /**
     * Jobs on {@code scheduler}'s workers, admitted by {@code slots} (shared with other heavy jobs;
     * its queue bound applies, not {@link JobLimits#maxQueued()}).
     */
    public ExperimentJobs(Scheduler scheduler, JobLimits limits, JobSlots slots) {
        this(scheduler, limits, slots, false);
    }

    private ExperimentJobs(Scheduler scheduler, JobLimits limits, JobSlots slots, boolean ownSlots) {
        this.ownSlots = ownSlots;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.slots = Objects.requireNonNull(slots, "slots");
        long period = Math.max(1000, Math.min(5000, limits.abandonAfter().toMillis() / 3));
        this.sweeper = scheduler.every(Duration.ofMillis(period), this::sweep);
    }

    public JobLimits limits() {
        return limits;
    }

    /** How many heavy jobs may run at once, server-wide (every kind of job counts). */
    public int slots() {
        return slots.slots();
    }

    /** The admission these jobs share. */
    public JobSlots admission() {
        return slots;
    }

    // ------------------------------------------------------------------ submitting

    /**
     * Queues a minima job for no particular client (no client limit applies).
     *
     * @return the job's id, for {@link #status} and {@link #cancel}
     * @throws JobRefusedException naming the field when the job is too large for this server, or
     *                             {@linkplain JobRefusedException#busy() busy} when the queue is full
     */
    public String submit(SeedMinima.Spec spec) {
        return submit(spec, null);
    }

    public String submit(LearningRateSweep.Spec spec) {
        return submit(spec, null);
    }

    public String submit(LossLandscape.Spec spec) {
        return submit(spec, null);
    }

    /**
     * Queues a minima job for {@code client} (a key the server derives from the request; null: none).
     *
     * @throws JobRefusedException as {@link #submit(SeedMinima.Spec)}, and
     *                             {@linkplain JobRefusedException#clientLimit() client limit} when the
     *                             client already holds as many jobs as one may
     */
    public String submit(SeedMinima.Spec spec, String client) {
        limits.check(spec);
        return submit("minima", SeedMinima.stepped(spec), r -> r.toJsonTree(true), client);
    }

    public String submit(LearningRateSweep.Spec spec, String client) {
        limits.check(spec);
        return submit("sweep", LearningRateSweep.stepped(spec), LearningRateSweep.Result::toJsonTree, client);
    }

    public String submit(LossLandscape.Spec spec, String client) {
        limits.check(spec);
        return submit("landscape", LossLandscape.stepped(spec), LossLandscape.Result::toJsonTree, client);
    }

    /**
     * Queues a landscape job that may start from a model ({@link LossLandscape.Request}); without a
     * model it is {@link #submit(LossLandscape.Spec, String)}. The model fits the spec's config (the
     * request checked it), so the job's size is the spec's.
     */
    public String submit(LossLandscape.Request request, String client) {
        limits.check(request.spec());
        return submit("landscape", request.stepped(), LossLandscape.Result::toJsonTree, client);
    }

    /**
     * Queues any stepped job under the same admission, with its status and result served like the
     * page's own. The caller checks the job's size first (as {@link JobLimits} does for the page's).
     *
     * @param kind   the status's {@code kind}
     * @param toJson the result as the status's {@code result}
     * @param client who asked, or null
     */
    public <R> String submit(String kind, SteppedJob<R> work, Function<? super R, ObjectNode> toJson, String client) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(toJson, "toJson");
        if (closed) {
            throw JobRefusedException.busy("The server is shutting down; try again in a minute.");
        }
        Job<R> job = new Job<>(newId(), kind, work, toJson);
        // In the map before it can start, so its status is there from its first slice.
        jobs.put(job.id, job);
        try {
            job.claim = slots.claim(kind, client, job);
        } catch (RuntimeException e) {
            jobs.remove(job.id);
            throw e;
        }
        return job.id;
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        IDS.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    // ------------------------------------------------------------------ asking and cancelling

    /**
     * The job's status as JSON (docs/protocol.md): id, kind, state, place in the queue, progress,
     * and the result or the error once finished. Asking keeps a job from being abandoned.
     */
    public Optional<ObjectNode> status(String id) {
        Job<?> job = id == null ? null : jobs.get(id);
        if (job == null) {
            return Optional.empty();
        }
        job.lastAsked = System.nanoTime();
        ObjectNode node = JSON.createObjectNode();
        node.put("id", job.id);
        node.put("kind", job.kind);
        State state = job.state;
        int position = state == State.QUEUED ? job.position() : 0;
        if (state == State.QUEUED && position == 0) {
            // admitted a moment ago: its start is on its way to a worker
            state = State.RUNNING;
        }
        node.put("state", state.id());
        if (state == State.QUEUED) {
            node.put("position", position);
        }
        node.put("progress", state == State.DONE ? 1 : job.progress);
        if (state == State.DONE) {
            node.set("result", job.result);
        } else if (state == State.FAILED) {
            ObjectNode error = node.putObject("error");
            error.put("message", job.errorMessage);
            if (job.errorField != null) {
                error.put("field", job.errorField);
            } else {
                error.putNull("field");
            }
        }
        return Optional.of(node);
    }

    /** Cancels a waiting or running job (a running one stops within one step). False if unknown. */
    public boolean cancel(String id) {
        Job<?> job = id == null ? null : jobs.get(id);
        if (job == null) {
            return false;
        }
        job.cancel();
        return true;
    }

    /** These jobs running now (a cancelled one until its slice has stopped). */
    public int runningCount() {
        int count = 0;
        for (Job<?> job : jobs.values()) {
            JobSlots.Claim claim = job.claim;
            if (claim != null && claim.isRunning()) {
                count++;
            }
        }
        return count;
    }

    /** These jobs waiting for a slot. */
    public int queuedCount() {
        int count = 0;
        for (Job<?> job : jobs.values()) {
            if (job.state == State.QUEUED && job.position() > 0) {
                count++;
            }
        }
        return count;
    }

    /** Cancels abandoned jobs and forgets old results. Runs on the timer thread every few seconds. */
    void sweep() {
        long now = System.nanoTime();
        long abandon = limits.abandonAfter().toNanos();
        long keep = limits.keepFor().toNanos();
        List<Job<?>> finished = new ArrayList<>();
        for (Job<?> job : jobs.values()) {
            State state = job.state;
            if ((state == State.QUEUED || state == State.RUNNING) && now - job.lastAsked > abandon) {
                LOG.debug("job {} ({}) abandoned: nobody asked for it in {}", job.id, job.kind, limits.abandonAfter());
                job.cancel();
            } else if (state != State.QUEUED && state != State.RUNNING) {
                if (now - job.finishedAt > keep) {
                    jobs.remove(job.id);
                } else {
                    finished.add(job);
                }
            }
        }
        if (finished.size() > MAX_FINISHED) {
            finished.sort((a, b) -> Long.compare(a.finishedAt, b.finishedAt));
            for (Job<?> old : finished.subList(0, finished.size() - MAX_FINISHED)) {
                jobs.remove(old.id);
            }
        }
    }

    /** Cancels every job; a shared admission and the scheduler are closed by their owners. */
    @Override
    public void close() {
        closed = true;
        sweeper.cancel(false);
        for (Job<?> job : jobs.values()) {
            job.cancel();
        }
        if (ownSlots) {
            slots.close();
        }
    }

    // ------------------------------------------------------------------ one job

    private final class Job<R> implements Runnable, JobSlots.Listener {
        final String id;
        final String kind;
        final SteppedJob<R> work;
        final Function<? super R, ObjectNode> toJson;
        /** Set right after admission; a listener call may come before (then {@link #position()} is 0). */
        volatile JobSlots.Claim claim;
        volatile State state = State.QUEUED;
        volatile double progress;
        volatile boolean cancelled;
        volatile long lastAsked = System.nanoTime();
        volatile long finishedAt;
        volatile ObjectNode result;
        volatile String errorMessage;
        volatile String errorField;

        Job(String id, String kind, SteppedJob<R> work, Function<? super R, ObjectNode> toJson) {
            this.id = id;
            this.kind = kind;
            this.work = work;
            this.toJson = toJson;
        }

        int position() {
            JobSlots.Claim admitted = claim;
            return admitted == null ? 1 : admitted.position();
        }

        /** The admission gave this job a slot. */
        @Override
        public void start(JobSlots.Claim slot) {
            claim = slot;
            if (cancelled) {
                end(State.CANCELLED);
                return;
            }
            state = State.RUNNING;
            if (!scheduler.execute(this)) {
                fail("The server is shutting down.", null);
            }
        }

        /** Out of the queue at once if waiting; a running job stops at its next step. */
        void cancel() {
            cancelled = true;
            JobSlots.Claim admitted = claim;
            if (admitted != null && admitted.withdraw()) {
                finishedAt = System.nanoTime();
                state = State.CANCELLED;
            }
        }

        /** One slice: steps until the scheduler's slice budget is spent, then back to the queue's tail. */
        @Override
        public void run() {
            long deadline = System.nanoTime() + scheduler.sliceBudgetNanos();
            try {
                boolean done;
                do {
                    if (cancelled) {
                        end(State.CANCELLED);
                        return;
                    }
                    done = work.step();
                } while (!done && System.nanoTime() < deadline);
                progress = work.progress();
                if (done) {
                    result = toJson.apply(work.result());
                    end(State.DONE);
                } else if (!scheduler.execute(this)) {
                    fail("The server is shutting down.", null);
                }
            } catch (ConfigException e) {
                // the job's own verdict on its request, e.g. "this run diverged": for the student
                fail(e.getMessage(), e.field().isEmpty() ? null : e.field());
            } catch (RuntimeException e) {
                LOG.error("{} job {} failed", kind, id, e);
                fail("The job failed on the server (" + e + ").", null);
            }
        }

        void fail(String message, String field) {
            errorMessage = message;
            errorField = field;
            end(State.FAILED);
        }

        /** The work has stopped: the slot goes on first, so a job reported finished holds none. */
        private void end(State finalState) {
            JobSlots.Claim admitted = claim;
            if (admitted != null) {
                admitted.release();
            }
            finishedAt = System.nanoTime();
            state = finalState;
        }
    }
}
