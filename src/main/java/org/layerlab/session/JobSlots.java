package org.layerlab.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One admission for every heavy experiment job on the server — the race page's repeats over seeds
 * ({@link RaceHub}) and the learning-rate page's minima, sweeps and landscapes ({@link ExperimentJobs})
 * — so that, however many pages are busy, at most {@link #slots()} heavy jobs run at once and the
 * playground's sessions keep their share of the same worker pool.
 *
 * <p>A job asks for a {@link Claim}. It runs at once if a slot is free, else waits in one
 * first-come, first-served queue shared by every kind of job; its {@link Claim#position() place}
 * is what both pages report. The queue holds at most {@link #maxQueued()}: one more is refused as
 * {@linkplain JobRefusedException#busy() busy}. A client (see {@link #claim}) may hold at most
 * {@link #maxPerClient()} claims, waiting and running together; one more is refused
 * {@linkplain JobRefusedException#clientLimit() naming that limit}, so one script cannot fill the
 * queue that a class shares.
 *
 * <p>The slots count work, the client limit counts intentions: a running job that is cancelled
 * ({@link Claim#withdraw()}) stops counting against its client at once, but keeps its slot until its
 * work has really stopped ({@link Claim#release()}, within one slice), so the server never runs more
 * than {@code slots} jobs even for a moment.
 *
 * <p>Thread-safe. The queue changes under one lock, a few times a second at most. The listeners —
 * a job's start, a waiting job's new place — are called after the lock is released, so they may
 * claim, withdraw or release themselves.
 */
public final class JobSlots {
    /** Places in the queue, the learning-rate page's limit before the queue was shared. */
    public static final int DEFAULT_MAX_QUEUED = 64;
    /**
     * Claims one client may hold: the learning-rate page's three panels and a race page's repeat
     * (one browser, two tabs) fit; a script's fifth job does not.
     */
    public static final int DEFAULT_MAX_PER_CLIENT = 4;

    private final int slots;
    private final int maxQueued;
    private final int maxPerClient;
    private final Object lock = new Object();
    private final ArrayDeque<Claim> queue = new ArrayDeque<>();
    private final List<Claim> running = new ArrayList<>();
    private final Map<String, Integer> perClient = new HashMap<>();
    private boolean closed;

    /**
     * @param slots        heavy jobs that may run at once, ≥ 1
     * @param maxQueued    jobs that may wait for a slot, ≥ 0
     * @param maxPerClient claims (waiting or running) one client may hold, ≥ 1
     */
    public JobSlots(int slots, int maxQueued, int maxPerClient) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1, got " + slots);
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("maxQueued must not be negative, got " + maxQueued);
        }
        if (maxPerClient < 1) {
            throw new IllegalArgumentException("maxPerClient must be at least 1, got " + maxPerClient);
        }
        this.slots = slots;
        this.maxQueued = maxQueued;
        this.maxPerClient = maxPerClient;
    }

    /** One slot per worker thread, the default queue and client limits: the server's admission. */
    public static JobSlots forWorkers(int workers) {
        return new JobSlots(workers, DEFAULT_MAX_QUEUED, DEFAULT_MAX_PER_CLIENT);
    }

    public int slots() {
        return slots;
    }

    public int maxQueued() {
        return maxQueued;
    }

    public int maxPerClient() {
        return maxPerClient;
    }

    /** What a job is told; both calls come outside the admission's lock, on the thread that caused them. */
    public interface Listener {
        /** The job has a slot: start its work. Called at most once; the work must end in {@link Claim#release()}. */
        void start(Claim claim);

        /** The job is still waiting, but its place in the queue changed (a job ahead started or left). */
        default void moved(Claim claim) {
        }
    }

    /**
     * Asks for a slot for one job.
     *
     * @param kind     what the job is ("race", "minima", …), for {@link #runningByKind()}
     * @param client   who asked (a key the server derives from the request), or null for a caller
     *                 that no client limit applies to (tests, in-process callers)
     * @param listener told when the job may start and when its place changes
     * @return the claim: already running (its listener was told) or waiting
     * @throws JobRefusedException {@linkplain JobRefusedException#clientLimit() client limit} when
     *                             {@code client} holds {@link #maxPerClient()} claims;
     *                             {@linkplain JobRefusedException#busy() busy} when every slot and
     *                             queue place is taken or the server is shutting down
     */
    public Claim claim(String kind, String client, Listener listener) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(listener, "listener");
        Claim claim = new Claim(kind, client, listener);
        List<Claim> started;
        synchronized (lock) {
            if (closed) {
                throw JobRefusedException.busy("The server is shutting down; try again in a minute.");
            }
            if (client != null && perClient.getOrDefault(client, 0) >= maxPerClient) {
                throw JobRefusedException.clientLimit("You already have " + jobs(maxPerClient) + " waiting or"
                        + " running on this server, the most one client may have at once (" + maxPerClient + ")."
                        + " Wait for " + (maxPerClient == 1 ? "it" : "one") + " to finish, or cancel "
                        + (maxPerClient == 1 ? "it" : "one") + ", then try again.");
            }
            if (running.size() >= slots && queue.size() >= maxQueued) {
                throw JobRefusedException.busy("The server is busy: " + jobs(running.size()) + " "
                        + (running.size() == 1 ? "is" : "are") + " running and " + queue.size() + " "
                        + (queue.size() == 1 ? "is" : "are") + " waiting. Try again in a minute.");
            }
            if (client != null) {
                perClient.merge(client, 1, Integer::sum);
                claim.counted = true;
            }
            queue.addLast(claim);
            started = startWhatFits();
        }
        // Nobody ahead moved: a new claim joins at the tail, or starts.
        tell(started, List.of());
        return claim;
    }

    /** Moves waiting claims into free slots. Under the lock. */
    private List<Claim> startWhatFits() {
        List<Claim> started = new ArrayList<>();
        while (running.size() < slots && !queue.isEmpty()) {
            Claim next = queue.pollFirst();
            next.state = ClaimState.RUNNING;
            running.add(next);
            started.add(next);
        }
        return started;
    }

    /** Outside the lock: starts the started, then tells the ones still waiting that they moved up. */
    private static void tell(List<Claim> started, List<Claim> moved) {
        for (Claim claim : started) {
            claim.listener.start(claim);
        }
        for (Claim claim : moved) {
            claim.listener.moved(claim);
        }
    }

    /** Under the lock: the client's count, once. */
    private void uncount(Claim claim) {
        if (claim.counted) {
            claim.counted = false;
            perClient.computeIfPresent(claim.client, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** Heavy jobs running now, every kind. */
    public int running() {
        synchronized (lock) {
            return running.size();
        }
    }

    /** Heavy jobs waiting for a slot, every kind. */
    public int queued() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** Running jobs by kind, in the kinds' alphabetical order (kinds with none are absent). */
    public Map<String, Integer> runningByKind() {
        synchronized (lock) {
            return countByKind(running);
        }
    }

    /** Waiting jobs by kind. */
    public Map<String, Integer> queuedByKind() {
        synchronized (lock) {
            return countByKind(queue);
        }
    }

    private static Map<String, Integer> countByKind(Iterable<Claim> claims) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Claim claim : claims) {
            counts.merge(claim.kind, 1, Integer::sum);
        }
        return counts;
    }

    /** Claims {@code client} holds now (waiting or running, not withdrawn). */
    public int heldBy(String client) {
        synchronized (lock) {
            return perClient.getOrDefault(client, 0);
        }
    }

    /**
     * Refuses new claims and empties the queue (the owners of the waiting jobs cancel them; their
     * listeners are not called). Running claims keep their slots until released.
     */
    public void close() {
        synchronized (lock) {
            closed = true;
            for (Claim claim : queue) {
                claim.state = ClaimState.RELEASED;
                uncount(claim);
            }
            queue.clear();
        }
    }

    private enum ClaimState {
        QUEUED, RUNNING, RELEASED
    }

    /** One job's admission: waiting, then running, then released. */
    public final class Claim {
        private final String kind;
        private final String client;
        private final Listener listener;
        // under the admission's lock
        private ClaimState state = ClaimState.QUEUED;
        private boolean counted;

        private Claim(String kind, String client, Listener listener) {
            this.kind = kind;
            this.client = client;
            this.listener = listener;
        }

        public String kind() {
            return kind;
        }

        /** 1 for the next job to start, 2 after it, …; 0 when not waiting. */
        public int position() {
            synchronized (lock) {
                if (state != ClaimState.QUEUED) {
                    return 0;
                }
                int place = 1;
                for (Claim waiting : queue) {
                    if (waiting == this) {
                        return place;
                    }
                    place++;
                }
                return 0;
            }
        }

        /** True once the job was given a slot, until it is released. */
        public boolean isRunning() {
            synchronized (lock) {
                return state == ClaimState.RUNNING;
            }
        }

        /**
         * The client gave up on the job (cancelled it, or its page went): a waiting job leaves the
         * queue at once and never starts (true); a running one stops counting against its client
         * but keeps its slot until its work calls {@link #release()} (false). Idempotent.
         *
         * @return true when the job was waiting and is now gone
         */
        public boolean withdraw() {
            List<Claim> moved = List.of();
            boolean removed = false;
            synchronized (lock) {
                uncount(this);
                if (state == ClaimState.QUEUED) {
                    moved = behind(this);
                    queue.remove(this);
                    state = ClaimState.RELEASED;
                    removed = true;
                }
            }
            tell(List.of(), moved);
            return removed;
        }

        /** The job's work has stopped (finished, failed or cancelled): its slot goes to the next in line. Idempotent. */
        public void release() {
            List<Claim> started;
            List<Claim> moved;
            synchronized (lock) {
                uncount(this);
                if (state == ClaimState.RELEASED) {
                    return;
                }
                if (state == ClaimState.QUEUED) {
                    moved = behind(this);
                    queue.remove(this);
                    started = List.of();
                } else {
                    running.remove(this);
                    started = closed ? List.of() : startWhatFits();
                    // when a job started, every one still waiting moved up
                    moved = started.isEmpty() ? List.of() : new ArrayList<>(queue);
                }
                state = ClaimState.RELEASED;
            }
            tell(started, moved);
        }

        @Override
        public String toString() {
            return kind + " job (" + state.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
    }

    /** The claims waiting behind {@code claim}. Under the lock. */
    private List<Claim> behind(Claim claim) {
        List<Claim> after = new ArrayList<>();
        boolean seen = false;
        for (Claim waiting : queue) {
            if (seen) {
                after.add(waiting);
            }
            seen |= waiting == claim;
        }
        return after;
    }

    /** "1 job", "4 jobs". */
    private static String jobs(int count) {
        return count + (count == 1 ? " job" : " jobs");
    }
}
