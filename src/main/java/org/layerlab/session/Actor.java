package org.layerlab.session;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * What a playground {@link Session} and a {@link RaceSession} share: an actor on the shared
 * {@link Scheduler}. Other threads only {@link #post} mail; everything else runs in the actor's own
 * slices, one at a time, so its state needs no locks.
 *
 * <p>The "scheduled" flag guarantees at most one slice in the queue or running: {@link #post}
 * schedules a slice only if none is. A timed wake-up ({@link #wakeAt}) "kicks" the actor; a kick or
 * mail that lands while a slice runs is seen when the slice ends, so it is never lost. An unexpected
 * exception in a slice goes to {@link #failed}, and the worker carries on. After {@link #close} the
 * next slice {@link #release releases} the actor's resources once, and pending calls fail.
 *
 * <p>A subclass says what a slice does ({@link #slice}) and how its own mail is handled
 * ({@link #handle}).
 */
abstract class Actor {
    private final Scheduler scheduler;
    /** Names the actor in errors, e.g. "session 3f2a". */
    private final String name;

    // ---- shared with other threads
    private final Queue<Object> mailbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** A timed wake-up fired; checked after each slice so a wake that lands during one is never lost. */
    private final AtomicBoolean kicked = new AtomicBoolean();
    private volatile boolean closed;

    // ---- confined to the slices
    private boolean released;
    private ScheduledFuture<?> wake;
    private long wakeAt = Long.MAX_VALUE;

    /** Work run inside a slice; {@code abandon} runs instead if the actor closes first. */
    private record Call(Runnable action, Runnable abandon) {
    }

    Actor(Scheduler scheduler, String name) {
        this.scheduler = scheduler;
        this.name = name;
    }

    final Scheduler scheduler() {
        return scheduler;
    }

    public final boolean isClosed() {
        return closed;
    }

    /** Stops the actor for good: it releases what it holds at its next slice. Idempotent. */
    public void close() {
        closed = true;
        schedule();
    }

    /** Hands {@code mail} to the next slice; a call posted after close fails at once. Thread-safe. */
    final void post(Object mail) {
        if (closed) {
            if (mail instanceof Call call) {
                call.abandon().run();
            }
            return;
        }
        mailbox.add(mail);
        schedule();
    }

    /** Runs {@code query} inside a slice, where the actor's state may be read. */
    final <T> CompletableFuture<T> call(Supplier<T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable abandon = () -> result.completeExceptionally(new IllegalStateException(name + " is closed"));
        if (closed) {
            abandon.run();
            return result;
        }
        post(new Call(() -> {
            try {
                result.complete(query.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, abandon));
        return result;
    }

    /** Queues a slice unless one is queued or running. Thread-safe. */
    final void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            if (!scheduler.execute(this::runSlice)) {
                scheduled.set(false);
            }
        }
    }

    /** A wake-up from another thread: run a slice now. Thread-safe. */
    final void kick() {
        kicked.set(true);
        schedule();
    }

    private void runSlice() {
        kicked.set(false);
        boolean again = false;
        try {
            if (!closed) {
                again = slice();
            }
        } catch (Throwable t) {
            again = false;
            failed(t);
        }
        if (closed) {
            again = false;
            releaseOnce();
        }
        scheduled.set(false);
        // Mail posted or a wake-up fired while this slice ran: their schedule() found the flag set.
        if (again || !mailbox.isEmpty() || kicked.get()) {
            schedule();
        }
    }

    private void releaseOnce() {
        try {
            if (!released) {
                released = true;
                if (wake != null) {
                    wake.cancel(false);
                    wake = null;
                }
                release();
            }
        } finally {
            Object mail;
            while ((mail = mailbox.poll()) != null) {
                if (mail instanceof Call call) {
                    call.abandon().run();
                }
            }
        }
    }

    /**
     * At the start of a slice: forgets a wake-up that is due, then handles at most {@code max}
     * mails in order (bounded, so a flood from one client cannot hog a worker).
     */
    final void handleMail(long now, int max) {
        if (wakeAt <= now) {
            wake = null;
            wakeAt = Long.MAX_VALUE;
        }
        for (int n = 0; n < max; n++) {
            Object mail = mailbox.poll();
            if (mail == null) {
                return;
            }
            if (mail instanceof Call call) {
                call.action().run();
            } else {
                handle(mail);
            }
        }
    }

    /** Arms a wake-up at {@code at} (System.nanoTime) unless one as early is already armed. */
    final void wakeAt(long at, long now) {
        if (wake != null && wakeAt <= at && wakeAt > now) {
            return;
        }
        if (wake != null) {
            wake.cancel(false);
        }
        wake = scheduler.runAfter(at - now, this::kick);
        wakeAt = wake == null ? Long.MAX_VALUE : at;
    }

    /** One turn on a worker: handle the mail, do some work; returns whether to run again at once. */
    abstract boolean slice();

    /** One of the subclass's own mails, inside a slice. */
    abstract void handle(Object mail);

    /** After an unexpected exception in a slice: pause and tell the viewers. */
    abstract void failed(Throwable t);

    /** After {@link #close}, once: drop what the actor holds (its wake-up is already cancelled). */
    abstract void release();
}
