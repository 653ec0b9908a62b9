package org.layerlab.training;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs independent, deterministic jobs (one seed, one rate × seed) and returns their results in
 * submission order, so a result never depends on the number of threads or their timing.
 */
final class ParallelRuns {
    private ParallelRuns() {
    }

    /**
     * @param threads 1 runs every job in the calling thread (a server job, which already has its
     *                own worker); more uses a fixed pool of that many daemon threads
     * @param onDone  called after each job (from the worker, in completion order); may be null
     * @throws InterruptedException  when the calling thread is interrupted while waiting
     * @throws CancellationException when a job saw its thread interrupted
     */
    static <T> List<T> run(List<Callable<T>> jobs, int threads, Consumer<T> onDone) throws InterruptedException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        List<T> results = new ArrayList<>(jobs.size());
        if (threads == 1) {
            for (Callable<T> job : jobs) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("cancelled");
                }
                T result = call(job);
                if (onDone != null) {
                    onDone.accept(result);
                }
                results.add(result);
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, jobs.size())), r -> {
            Thread t = new Thread(r, "layerlab-runs");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>(jobs.size());
            for (Callable<T> job : jobs) {
                futures.add(pool.submit(() -> {
                    T result = job.call();
                    if (onDone != null) {
                        onDone.accept(result);
                    }
                    return result;
                }));
            }
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException("a run failed", cause);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T call(Callable<T> job) {
        try {
            return job.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("a run failed", e);
        }
    }
}
