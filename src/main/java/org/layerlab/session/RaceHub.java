package org.layerlab.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.layerlab.protocol.RaceLimits;
import org.layerlab.training.Race;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's races: one {@link RaceSession} per race page socket, and the queue of repeats over
 * seeds. Everything runs on the shared {@link Scheduler}'s workers — no thread of its own — so a
 * class racing on two cores shares them with the playground sessions, round-robin.
 *
 * <p>A repeat over seeds is heavy (a circle race is 80 runs; a spiral one about ten seconds of both
 * cores), so at most {@link #jobSlots()} of them run at once, server-wide (one per worker); the
 * others wait in a first-come queue and their pages see {@code progress.state = "queued"} with
 * their place in it. A running repeat works on {@link #lanesPerJob()} runs at a time. When thirty
 * students press "repeat" together, the first finish in seconds instead of all of them in minutes.
 */
public final class RaceHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaceHub.class);

    /** Each contestant's live map is G × G: 40 × 40 shades, 1.6 KB per contestant and frame. */
    public static final int MAP_RESOLUTION = 40;

    private final Scheduler scheduler;
    private final RaceLimits limits;
    private final int maxRaces;
    private final int jobSlots;
    private final int lanesPerJob;
    private final Map<String, Race.Spec> presets;
    private final Set<RaceSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong sessionCounter = new AtomicLong();
    private final AtomicLong jobCounter = new AtomicLong();

    // ---- the job queue, under this lock (jobs start and end a few times a minute: never contended)
    private final Object lock = new Object();
    private final ArrayDeque<RaceJob> queued = new ArrayDeque<>();
    private final List<RaceJob> running = new ArrayList<>();
    private boolean closed;

    /**
     * @param maxRaces how many race pages may be open at once (a further one is refused)
     */
    public RaceHub(Scheduler scheduler, RaceLimits limits, int maxRaces) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.limits = Objects.requireNonNull(limits, "limits");
        if (maxRaces < 1) {
            throw new IllegalArgumentException("maxRaces must be at least 1, got " + maxRaces);
        }
        this.maxRaces = maxRaces;
        this.jobSlots = scheduler.workerCount();
        this.lanesPerJob = scheduler.workerCount();
        Map<String, Race.Spec> defaults = new LinkedHashMap<>();
        for (String dataset : Race.DEFAULT_DATASETS) {
            defaults.put(dataset, Race.defaultRace(dataset));
        }
        this.presets = java.util.Collections.unmodifiableMap(defaults);
    }

    public RaceLimits limits() {
        return limits;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    /** The preset races by dataset: exactly {@link Race#defaultRace}. */
    public Map<String, Race.Spec> presets() {
        return presets;
    }

    /** Repeats over seeds that run at once, server-wide. */
    public int jobSlots() {
        return jobSlots;
    }

    /** Runs a running repeat trains at once. */
    public int lanesPerJob() {
        return lanesPerJob;
    }

    /**
     * A race session for a new race page socket; it greets {@code viewer} with {@code hello}.
     *
     * @throws SessionLimitException when {@code maxRaces} pages are open
     */
    public RaceSession open(Viewer viewer) {
        Objects.requireNonNull(viewer, "viewer");
        synchronized (lock) {
            if (closed) {
                throw new SessionLimitException("The server is shutting down.");
            }
            if (sessions.size() >= maxRaces) {
                throw new SessionLimitException("The server is full: " + sessions.size() + " race pages are open,"
                        + " as many as it allows. Try again in a few minutes.");
            }
            RaceSession session = new RaceSession("r-" + sessionCounter.incrementAndGet(), this, viewer);
            sessions.add(session);
            session.greet();
            return session;
        }
    }

    /** The session closed (its socket went): it no longer counts. */
    void closed(RaceSession session) {
        sessions.remove(session);
    }

    public int raceCount() {
        return sessions.size();
    }

    // ================================================================== the job queue

    /** A new repeat over seeds for {@code owner}. */
    RaceJob newJob(Race.Spec spec, RaceSession owner) {
        return new RaceJob(jobCounter.incrementAndGet(), spec, owner, this);
    }

    /** Starts {@code job} if a slot is free, else queues it. */
    void submit(RaceJob job) {
        Changes changes;
        synchronized (lock) {
            if (closed) {
                job.markCancelled();
                return;
            }
            queued.addLast(job);
            changes = startWhatFits();
        }
        changes.apply(lanesPerJob);
    }

    /** Stops {@code job}: out of the queue at once, or its lanes stop at their next slice. */
    void cancel(RaceJob job) {
        Changes changes = null;
        synchronized (lock) {
            if (queued.remove(job)) {
                changes = new Changes(List.of(), new ArrayList<>(queued));
            }
        }
        job.markCancelled();
        if (changes != null) {
            changes.apply(lanesPerJob);
        }
    }

    /** Every lane of {@code job} has stopped (done, cancelled or failed): its slot is free. */
    void ended(RaceJob job) {
        Changes changes;
        synchronized (lock) {
            running.remove(job);
            changes = startWhatFits();
        }
        changes.apply(lanesPerJob);
    }

    /** Jobs to start, and jobs still waiting (their place in the queue may have changed). */
    private record Changes(List<RaceJob> started, List<RaceJob> waiting) {
        /** Outside the lock: starting submits lanes, telling an owner schedules its slice. */
        void apply(int lanes) {
            for (RaceJob job : started) {
                job.start(lanes);
            }
            for (RaceJob job : waiting) {
                job.owner().jobChanged();
            }
        }
    }

    /** Moves queued jobs into free slots. Under the lock. */
    private Changes startWhatFits() {
        List<RaceJob> started = new ArrayList<>();
        while (!queued.isEmpty() && running.size() < jobSlots) {
            RaceJob next = queued.pollFirst();
            if (next.isCancelled()) {
                continue;
            }
            running.add(next);
            started.add(next);
        }
        return new Changes(started, new ArrayList<>(queued));
    }

    /** 1 for the next job to start, 2 after it, …; 0 when not queued. */
    int queuePosition(RaceJob job) {
        synchronized (lock) {
            int position = 1;
            for (RaceJob waiting : queued) {
                if (waiting == job) {
                    return position;
                }
                position++;
            }
            return 0;
        }
    }

    public int runningJobs() {
        synchronized (lock) {
            return running.size();
        }
    }

    public int queuedJobs() {
        synchronized (lock) {
            return queued.size();
        }
    }

    /** Closes every race session and drops the queue; the scheduler is the caller's to close. */
    @Override
    public void close() {
        List<RaceSession> open;
        synchronized (lock) {
            closed = true;
            for (RaceJob job : queued) {
                job.markCancelled();
            }
            queued.clear();
            for (RaceJob job : running) {
                job.markCancelled();
            }
            open = new ArrayList<>(sessions);
        }
        for (RaceSession session : open) {
            session.close();
        }
        LOG.debug("race hub closed ({} race pages were open)", open.size());
    }
}
