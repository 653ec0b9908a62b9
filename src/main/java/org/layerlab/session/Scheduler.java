package org.layerlab.session;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fixed pool of worker threads every session's slices run on, plus one timer thread for
 * delayed wake-ups (a paced session waiting for its next batch, a viewer's next frame time) and
 * periodic chores.
 *
 * <p>Fairness comes from the queue: a session that wants to go on training re-submits itself at
 * the tail after each slice, so runnable sessions take turns round-robin. The slice length adapts
 * to the crowd ({@link #sliceBudgetNanos()}): with few sessions a slice trains for a few
 * milliseconds (little overhead), with a hundred it shrinks so that every session still gets a turn
 * — and thereby a chance to send a frame — every few tens of milliseconds.
 *
 * <p>Every task is wrapped so that an exception is logged and never kills a worker or silently
 * cancels a periodic task.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    /** Aim: every runnable session gets a turn within this time. */
    static final long TARGET_ROUND_NANOS = 25_000_000L;
    static final long MIN_SLICE_NANOS = 300_000L;
    static final long MAX_SLICE_NANOS = 4_000_000L;

    private final int workerCount;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timer;

    /** A pool of {@code workerCount} threads; 0 or less means one per available core. */
    public Scheduler(int workerCount) {
        this.workerCount = workerCount > 0 ? workerCount : Runtime.getRuntime().availableProcessors();
        this.workers = new ThreadPoolExecutor(this.workerCount, this.workerCount, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("layerlab-worker-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("layerlab-timer-"));
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    public int workerCount() {
        return workerCount;
    }

    /** Slices waiting for a worker. */
    public int queued() {
        return workers.getQueue().size();
    }

    public boolean isClosed() {
        return workers.isShutdown();
    }

    /**
     * How long the next slice may train: the target round time shared by the slices that are
     * waiting, clamped to [0.3, 4] ms.
     */
    long sliceBudgetNanos() {
        long runnable = workers.getQueue().size() + (long) workerCount;
        long share = TARGET_ROUND_NANOS * workerCount / runnable;
        return Math.max(MIN_SLICE_NANOS, Math.min(MAX_SLICE_NANOS, share));
    }

    /** Runs {@code task} on a worker, after the tasks already queued. False once closed. */
    boolean execute(Runnable task) {
        try {
            workers.execute(guarded(task));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Runs {@code task} on the timer thread after {@code delayNanos}; it must be quick. */
    ScheduledFuture<?> runAfter(long delayNanos, Runnable task) {
        try {
            return timer.schedule(guarded(task), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Runs {@code task} on the timer thread every {@code period}; it must be quick. */
    ScheduledFuture<?> every(Duration period, Runnable task) {
        long nanos = Math.max(1_000_000L, period.toNanos());
        return timer.scheduleWithFixedDelay(guarded(task), nanos, nanos, TimeUnit.NANOSECONDS);
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.error("a scheduled task failed; the scheduler carries on", t);
            }
        };
    }

    /** Stops the threads; queued slices are dropped. */
    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
