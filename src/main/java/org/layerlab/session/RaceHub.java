package org.layerlab.session;

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
 * The server's races: one {@link RaceSession} per race page socket, and their repeats over seeds.
 * Everything runs on the shared {@link Scheduler}'s workers — no thread of its own — so a class
 * racing on two cores shares them with the playground sessions, round-robin.
 *
 * <p>A repeat over seeds is heavy (a circle race is 80 runs; a spiral one about ten seconds of both
 * cores), so it is admitted by the server's one {@link JobSlots}, which the learning-rate page's
 * jobs share: at most {@link #jobSlots()} heavy jobs of any kind run at once, server-wide (one per
 * worker); the others wait in one first-come queue and race pages see {@code progress.state =
 * "queued"} with their place in it. A running repeat works on {@link #lanesPerJob()} runs at a
 * time. When thirty students press "repeat" together, the first finish in seconds instead of all of
 * them in minutes.
 */
public final class RaceHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaceHub.class);

    /** Each contestant's live map is G × G: 40 × 40 shades, 1.6 KB per contestant and frame. */
    public static final int MAP_RESOLUTION = 40;
    /** The kind race repeats have in the admission ({@link JobSlots#runningByKind()}). */
    public static final String JOB_KIND = "race";

    private final Scheduler scheduler;
    private final RaceLimits limits;
    private final int maxRaces;
    private final JobSlots slots;
    /** True when the admission is this hub's own (closed with it), false when shared. */
    private final boolean ownSlots;
    private final int lanesPerJob;
    private final Map<String, Race.Spec> presets;
    private final Set<RaceSession> sessions = ConcurrentHashMap.newKeySet();
    /** Repeats submitted and not yet ended, so that closing can stop them. */
    private final Set<RaceJob> jobs = ConcurrentHashMap.newKeySet();
    private final AtomicLong sessionCounter = new AtomicLong();
    private final AtomicLong jobCounter = new AtomicLong();

    // ---- opening and closing pages, under this lock (a few times a minute: never contended)
    private final Object lock = new Object();
    private boolean closed;

    /**
     * A hub with an admission of its own: one repeat per worker at a time, the rest queued without
     * bound, no limit per client. A server shares one admission between its pages:
     * {@link #RaceHub(Scheduler, RaceLimits, int, JobSlots)}.
     *
     * @param maxRaces how many race pages may be open at once (a further one is refused)
     */
    public RaceHub(Scheduler scheduler, RaceLimits limits, int maxRaces) {
        this(scheduler, limits, maxRaces, new JobSlots(scheduler.workerCount(), Integer.MAX_VALUE, Integer.MAX_VALUE),
                true);
    }

    /**
     * @param maxRaces how many race pages may be open at once (a further one is refused)
     * @param slots    the server's admission for heavy jobs, shared with the other pages
     */
    public RaceHub(Scheduler scheduler, RaceLimits limits, int maxRaces, JobSlots slots) {
        this(scheduler, limits, maxRaces, slots, false);
    }

    private RaceHub(Scheduler scheduler, RaceLimits limits, int maxRaces, JobSlots slots, boolean ownSlots) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.slots = Objects.requireNonNull(slots, "slots");
        this.ownSlots = ownSlots;
        if (maxRaces < 1) {
            throw new IllegalArgumentException("maxRaces must be at least 1, got " + maxRaces);
        }
        this.maxRaces = maxRaces;
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

    /** Heavy jobs (repeats and the learning-rate page's jobs together) that run at once, server-wide. */
    public int jobSlots() {
        return slots.slots();
    }

    /** The admission repeats share with the other heavy jobs. */
    public JobSlots admission() {
        return slots;
    }

    /** Runs a running repeat trains at once. */
    public int lanesPerJob() {
        return lanesPerJob;
    }

    /**
     * A race session for a new race page socket, for no particular client (no client limit applies
     * to its repeats); it greets {@code viewer} with {@code hello}.
     *
     * @throws SessionLimitException when {@code maxRaces} pages are open
     */
    public RaceSession open(Viewer viewer) {
        return open(viewer, null);
    }

    /**
     * A race session for a new race page socket of {@code client} (a key the server derives from
     * the socket's request, see {@link JobSlots#claim}); it greets {@code viewer} with {@code hello}.
     *
     * @throws SessionLimitException when {@code maxRaces} pages are open
     */
    public RaceSession open(Viewer viewer, String client) {
        Objects.requireNonNull(viewer, "viewer");
        synchronized (lock) {
            if (closed) {
                throw new SessionLimitException("The server is shutting down.");
            }
            if (sessions.size() >= maxRaces) {
                throw new SessionLimitException("The server is full: " + sessions.size() + " race pages are open,"
                        + " as many as it allows. Try again in a few minutes.");
            }
            RaceSession session = new RaceSession("r-" + sessionCounter.incrementAndGet(), this, viewer, client);
            sessions.add(session);
            session.greet();
            return session;
        }
    }

    /** The session closed (its socket went): it no longer counts. */
    void closed(RaceSession session) {
        sessions.remove(session);
    }

    /** Race pages open now. */
    public int raceCount() {
        return sessions.size();
    }

    // ================================================================== the job queue

    /** A new repeat over seeds for {@code owner}. */
    RaceJob newJob(Race.Spec spec, RaceSession owner) {
        return new RaceJob(jobCounter.incrementAndGet(), spec, owner, this);
    }

    /**
     * Starts {@code job} if a slot is free, else queues it.
     *
     * @throws JobRefusedException when the shared queue is full or the owner's client holds as
     *                             many heavy jobs as one may; the job is then cancelled
     */
    void submit(RaceJob job) {
        if (isClosed()) {
            job.markCancelled();
            return;
        }
        jobs.add(job);
        try {
            JobSlots.Claim claim = slots.claim(JOB_KIND, job.owner().client(), new JobSlots.Listener() {
                @Override
                public void start(JobSlots.Claim admitted) {
                    job.admitted(admitted);
                    job.start(lanesPerJob);
                }

                @Override
                public void moved(JobSlots.Claim admitted) {
                    job.owner().jobChanged();
                }
            });
            job.admitted(claim);
        } catch (RuntimeException e) {
            jobs.remove(job);
            job.markCancelled();
            throw e;
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Stops {@code job}: out of the queue at once, or its lanes stop at their next slice. */
    void cancel(RaceJob job) {
        job.markCancelled();
        JobSlots.Claim claim = job.claim();
        if (claim != null && claim.withdraw()) {
            jobs.remove(job); // it never started: no lane will end it
        }
    }

    /** Every lane of {@code job} has stopped (done, cancelled or failed): its slot is free. */
    void ended(RaceJob job) {
        jobs.remove(job);
        JobSlots.Claim claim = job.claim();
        if (claim != null) {
            claim.release();
        }
    }

    /** 1 for the next job to start, 2 after it, …; 0 when not queued. Every kind of heavy job counts. */
    int queuePosition(RaceJob job) {
        JobSlots.Claim claim = job.claim();
        return claim == null ? 0 : claim.position();
    }

    /** Repeats running now. */
    public int runningJobs() {
        return slots.runningByKind().getOrDefault(JOB_KIND, 0);
    }

    /** Repeats waiting for a slot. */
    public int queuedJobs() {
        return slots.queuedByKind().getOrDefault(JOB_KIND, 0);
    }

    /** Closes every race session and stops every repeat; the scheduler is the caller's to close. */
    @Override
    public void close() {
        List<RaceSession> open;
        synchronized (lock) {
            closed = true;
            open = new ArrayList<>(sessions);
        }
        for (RaceJob job : new ArrayList<>(jobs)) {
            cancel(job);
        }
        if (ownSlots) {
            slots.close();
        }
        for (RaceSession session : open) {
            session.close();
        }
        LOG.debug("race hub closed ({} race pages were open)", open.size());
    }
}
