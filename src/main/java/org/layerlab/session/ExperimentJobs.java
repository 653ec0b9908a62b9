package org.layerlab.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
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
 * <p>At most one job per worker runs at a time, server-wide; later ones wait in a first-come queue
 * (their status tells their place) of at most {@link JobLimits#maxQueued()}; beyond that a job is
 * refused as busy. A job whose page stopped asking for its status ({@link JobLimits#abandonAfter()})
 * is cancelled; a finished job's result is kept for {@link JobLimits#keepFor()}.
 *
 * <p>Thread-safe. The queue and the set of running jobs change under one lock (a few times a
 * second at most); a job's own work runs in one slice at a time, so its state needs no lock.
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
    private final int slots;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private final ArrayDeque<Job> queued = new ArrayDeque<>();
    private final List<Job> running = new ArrayList<>();
    private final ScheduledFuture<?> sweeper;
    private boolean closed;

    /** Jobs on {@code scheduler}'s workers: at most one running job per worker. */
    public ExperimentJobs(Scheduler scheduler, JobLimits limits) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.slots = scheduler.workerCount();
        long period = Math.max(1000, Math.min(5000, limits.abandonAfter().toMillis() / 3));
        this.sweeper = scheduler.every(Duration.ofMillis(period), this::sweep);
    }

    public JobLimits limits() {
        return limits;
    }

    /** How many jobs may run at once. */
    public int slots() {
        return slots;
    }

    // ------------------------------------------------------------------ submitting

    /**
     * Queues a minima job.
     *
     * @return the job's id, for {@link #status} and {@link #cancel}
     * @throws JobRefusedException naming the field when the job is too large for this server, or
     *                             {@linkplain JobRefusedException#busy() busy} when the queue is full
     */
    public String submit(SeedMinima.Spec spec) {
        limits.check(spec);
        return submit("minima", SeedMinima.stepped(spec), r -> ((SeedMinima.Result) r).toJsonTree(true));
    }

    public String submit(LearningRateSweep.Spec spec) {
        limits.check(spec);
        return submit("sweep", LearningRateSweep.stepped(spec), r -> ((LearningRateSweep.Result) r).toJsonTree());
    }

    public String submit(LossLandscape.Spec spec) {
        limits.check(spec);
        return submit("landscape", LossLandscape.stepped(spec), r -> ((LossLandscape.Result) r).toJsonTree());
    }

    private String submit(String kind, SteppedJob<?> work, Function<Object, ObjectNode> toJson) {
        Job job = new Job(newId(), kind, work, toJson);
        synchronized (lock) {
            if (closed) {
                throw JobRefusedException.busy("The server is shutting down; try again in a minute.");
            }
            if (running.size() >= slots && queued.size() >= limits.maxQueued()) {
                throw JobRefusedException.busy("The server is busy: " + running.size() + " jobs are running and "
                        + queued.size() + " are waiting. Try again in a minute.");
            }
            jobs.put(job.id, job);
            queued.add(job);
            startWaiting();
        }
        return job.id;
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        IDS.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Starts waiting jobs while slots are free. Under the lock. */
    private void startWaiting() {
        while (running.size() < slots && !queued.isEmpty()) {
            Job next = queued.poll();
            running.add(next);
            next.state = State.RUNNING;
            if (!scheduler.execute(next)) {
                running.remove(next);
                next.fail("The server is shutting down.", null);
            }
        }
    }

    // ------------------------------------------------------------------ asking and cancelling

    /**
     * The job's status as JSON (docs/protocol.md): id, kind, state, place in the queue, progress,
     * and the result or the error once finished. Asking keeps a job from being abandoned.
     */
    public Optional<ObjectNode> status(String id) {
        Job job = id == null ? null : jobs.get(id);
        if (job == null) {
            return Optional.empty();
        }
        job.lastAsked = System.nanoTime();
        ObjectNode node = JSON.createObjectNode();
        node.put("id", job.id);
        node.put("kind", job.kind);
        State state = job.state;
        node.put("state", state.id());
        if (state == State.QUEUED) {
            node.put("position", position(job));
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

    /** 1 for the next job to start. */
    private int position(Job job) {
        synchronized (lock) {
            int place = 1;
            for (Job waiting : queued) {
                if (waiting == job) {
                    return place;
                }
                place++;
            }
            return 0;
        }
    }

    /** Cancels a waiting or running job (a running one stops within one step). False if unknown. */
    public boolean cancel(String id) {
        Job job = id == null ? null : jobs.get(id);
        if (job == null) {
            return false;
        }
        job.cancelled = true;
        synchronized (lock) {
            if (queued.remove(job)) {
                job.state = State.CANCELLED;
                job.finishedAt = System.nanoTime();
            }
        }
        return true;
    }

    /** Jobs running now. */
    public int runningCount() {
        synchronized (lock) {
            return running.size();
        }
    }

    public int queuedCount() {
        synchronized (lock) {
            return queued.size();
        }
    }

    /** Cancels abandoned jobs and forgets old results. Runs on the timer thread every few seconds. */
    void sweep() {
        long now = System.nanoTime();
        long abandon = limits.abandonAfter().toNanos();
        long keep = limits.keepFor().toNanos();
        List<Job> finished = new ArrayList<>();
        for (Job job : jobs.values()) {
            State state = job.state;
            if ((state == State.QUEUED || state == State.RUNNING) && now - job.lastAsked > abandon) {
                LOG.debug("job {} ({}) abandoned: nobody asked for it in {}", job.id, job.kind, limits.abandonAfter());
                cancel(job.id);
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
            for (Job old : finished.subList(0, finished.size() - MAX_FINISHED)) {
                jobs.remove(old.id);
            }
        }
    }

    /** Cancels every job; the scheduler itself is closed by its owner. */
    @Override
    public void close() {
        sweeper.cancel(false);
        synchronized (lock) {
            closed = true;
            for (Iterator<Job> it = queued.iterator(); it.hasNext(); ) {
                Job job = it.next();
                job.cancelled = true;
                job.state = State.CANCELLED;
                it.remove();
            }
            running.forEach(job -> job.cancelled = true);
        }
    }

    // ------------------------------------------------------------------ one job

    private final class Job implements Runnable {
        final String id;
        final String kind;
        final SteppedJob<?> work;
        final Function<Object, ObjectNode> toJson;
        volatile State state = State.QUEUED;
        volatile double progress;
        volatile boolean cancelled;
        volatile long lastAsked = System.nanoTime();
        volatile long finishedAt;
        volatile ObjectNode result;
        volatile String errorMessage;
        volatile String errorField;

        Job(String id, String kind, SteppedJob<?> work, Function<Object, ObjectNode> toJson) {
            this.id = id;
            this.kind = kind;
            this.work = work;
            this.toJson = toJson;
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

        private void end(State finalState) {
            finishedAt = System.nanoTime();
            state = finalState;
            synchronized (lock) {
                running.remove(this);
                if (!closed) {
                    startWaiting();
                }
            }
        }
    }
}
