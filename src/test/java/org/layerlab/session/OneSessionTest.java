package org.layerlab.session;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.protocol.CommandCodec;

/**
 * What session tests about one playground session stand on: a manager on two workers, one session
 * watched by an acking {@link FakeViewer}, commands sent as the page's JSON, and questions asked
 * inside the session's own slice.
 */
abstract class OneSessionTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final CommandCodec CODEC = new CommandCodec(NetworkLimits.DEFAULT);

    Scheduler scheduler;
    SessionManager manager;
    FakeViewer viewer;
    Session session;

    /** Opens the session with the default settings (frames unthrottled) and waits for its first state. */
    void start() {
        start(SessionSettings.defaults());
    }

    /** Opens the session with {@code settings} (frames unthrottled) and waits for its first state. */
    void start(SessionSettings settings) {
        scheduler = new Scheduler(2);
        manager = new SessionManager(settings.withMaxBytesPerSecond(100_000_000L), scheduler);
        viewer = FakeViewer.acking();
        Connection connection = manager.connect(null, viewer);
        viewer.connection.complete(connection);
        session = connection.session();
        viewer.await("state", s -> true, WAIT);
    }

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
    }

    /** A command as the page sends it. */
    void send(String json) {
        viewer.send(CODEC.decode(json));
    }

    /** {@code query} answered inside the session's slice. */
    <T> T inside(Supplier<T> query) {
        try {
            return session.call(query).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
