package org.layerlab.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.websocket.WsCloseStatus;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.layerlab.pages.PlaygroundPage;
import org.layerlab.protocol.Command;
import org.layerlab.protocol.CommandCodec;
import org.layerlab.protocol.EventCodec;
import org.layerlab.protocol.Protocol;
import org.layerlab.protocol.ProtocolException;
import org.layerlab.protocol.RaceLimits;
import org.layerlab.session.Connection;
import org.layerlab.session.ExperimentJobs;
import org.layerlab.session.JobLimits;
import org.layerlab.session.JobSlots;
import org.layerlab.session.RaceHub;
import org.layerlab.session.Scheduler;
import org.layerlab.session.SessionLimitException;
import org.layerlab.session.SessionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web server: Javalin wiring only. Routes:
 * <ul>
 *   <li>{@code GET /} the playground page; {@code /assets/*} the browser's files (web/ in the jar,
 *       or {@code --web-dir}); {@code /webjars/*} libraries (uPlot);</li>
 *   <li>{@code GET /dimensions} the curse-of-dimensionality page, {@code GET /api/dimensions} its
 *       numbers ({@link DimensionsEndpoint});</li>
 *   <li>{@code GET /race} the race page, {@code WS /race/ws} its socket ({@link RaceEndpoint});</li>
 *   <li>{@code GET /learning-rate} the minima, sweep and landscape page, {@code /api/lr/*} its jobs
 *       ({@link LearningRateEndpoint});</li>
 *   <li>{@code GET /health} liveness; {@code GET /metrics} process CPU, heap, sessions, race pages
 *       and heavy jobs (the load tool reads it);</li>
 *   <li>{@code WS /ws} one socket per tab: a text message is decoded and validated by
 *       {@link CommandCodec} and handed to the session's mailbox; the handler never touches a
 *       network. Binary messages from a client are refused with an {@code error} event.</li>
 * </ul>
 * Tests build the app with {@link #create} and start it on port 0 in-process.
 */
public final class LayerLabServer {
    private static final Logger LOG = LoggerFactory.getLogger(LayerLabServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Jetty's own cap on a text message, in bytes. Above the protocol's 2 MB (characters) so that a
     * message just over it still gets a readable {@code error} from the codec; a message past this
     * cap makes Jetty close the socket with 1009 (message too big).
     */
    static final long SOCKET_MAX_TEXT_BYTES = 4L * Protocol.MAX_TEXT_MESSAGE_CHARS;
    /** Clients send no binary messages; a small one is answered with an error, a large one closes. */
    static final long SOCKET_MAX_BINARY_BYTES = 64 * 1024;
    /** Closes sockets that went silent; automatic pings every 15 s keep healthy ones busy. */
    static final Duration SOCKET_IDLE_TIMEOUT = Duration.ofMinutes(2);
    /** A resume token as SessionManager makes them: 128 bits, base64url without padding. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{22}");

    private LayerLabServer() {
    }

    /**
     * The app with its own scheduler and session manager, both closed when the server stops. Call
     * {@code start()} on the result; {@code port()} then tells the port (useful with port 0).
     */
    public static Javalin create(ServerSettings settings) {
        Scheduler scheduler = new Scheduler(settings.workers());
        SessionManager sessions = new SessionManager(settings.sessions(), scheduler);
        return create(settings, sessions, true);
    }

    /**
     * The app over an existing session manager (tests that look inside sessions).
     *
     * @param owned close the manager and its scheduler when the server stops
     */
    public static Javalin create(ServerSettings settings, SessionManager sessions, boolean owned) {
        SocketEndpoint endpoint = new SocketEndpoint(sessions, new CommandCodec(settings.sessions().limits()));
        // One admission for every heavy job, whichever page asks: at most one per worker runs, so the
        // playground's sessions keep their share of the pool (docs/architecture.md, "Experiment pages").
        JobLimits jobLimits = JobLimits.classroom().withMaxQueued(settings.maxQueuedJobs());
        JobSlots heavyJobs = new JobSlots(sessions.scheduler().workerCount(), settings.maxQueuedJobs(),
                settings.jobsPerClient());
        RaceEndpoint races = new RaceEndpoint(new RaceHub(sessions.scheduler(),
                RaceLimits.defaults().withNetwork(settings.sessions().limits()), settings.sessions().maxSessions(),
                heavyJobs));
        LearningRateEndpoint learningRate = new LearningRateEndpoint(
                new ExperimentJobs(sessions.scheduler(), jobLimits, heavyJobs), settings.sessions().limits());
        return Javalin.create(config -> {
            configure(config, settings, sessions, endpoint);
            config.routes.get("/metrics", ctx -> metrics(ctx, sessions, races.hub(), learningRate.jobs()));
            races.configure(config);
            config.events.serverStopping(races::close);
            learningRate.configure(config);
            config.events.serverStopping(learningRate::close);
            config.events.serverStopping(heavyJobs::close);
            if (owned) {
                // Sessions first (no more slices queued), then the threads.
                config.events.serverStopping(sessions::close);
                config.events.serverStopped(() -> sessions.scheduler().close());
            }
        });
    }

    private static void configure(JavalinConfig config, ServerSettings settings, SessionManager sessions,
                                  SocketEndpoint endpoint) {
        config.startup.showJavalinBanner = false;
        config.jetty.port = settings.port();
        if (settings.host() != null) {
            config.jetty.host = settings.host();
        }
        config.jetty.modifyWebSocketServletFactory(factory -> {
            factory.setMaxTextMessageSize(SOCKET_MAX_TEXT_BYTES);
            factory.setMaxBinaryMessageSize(SOCKET_MAX_BINARY_BYTES);
            factory.setIdleTimeout(SOCKET_IDLE_TIMEOUT);
        });
        serveAssets(config, settings);
        config.staticFiles.enableWebjars();

        PageCache page = new PageCache();
        config.routes.get("/", ctx -> ctx.html(page.get()));
        config.routes.get("/health", ctx -> health(ctx, sessions));
        config.routes.ws("/ws", endpoint::configure);
        DimensionsEndpoint dimensions = new DimensionsEndpoint();
        config.routes.get("/dimensions", dimensions::page);
        config.routes.get("/api/dimensions", dimensions::measure);
    }

    private static void serveAssets(JavalinConfig config, ServerSettings settings) {
        if (settings.webDir() != null) {
            config.staticFiles.add(files -> {
                files.hostedPath = "/assets";
                files.directory = settings.webDir().toAbsolutePath().toString();
                files.location = Location.EXTERNAL;
            });
        } else if (LayerLabServer.class.getClassLoader().getResource("web") != null) {
            config.staticFiles.add(files -> {
                files.hostedPath = "/assets";
                files.directory = "web";
                files.location = Location.CLASSPATH;
            });
        } else {
            // Javalin refuses to start on a missing classpath folder; a build without web/ still serves the API.
            LOG.warn("no web files on the classpath (web/ was empty when this was built): /assets serves nothing");
        }
    }

    /** The page is a pure function of nothing yet: render it once, on first request. */
    private static final class PageCache {
        private volatile String html;

        String get() {
            String page = html;
            if (page == null) {
                page = PlaygroundPage.render();
                html = page;
            }
            return page;
        }
    }

    private static void health(Context ctx, SessionManager sessions) {
        ObjectNode body = JSON.createObjectNode();
        body.put("status", "ok");
        body.put("protocol", Protocol.VERSION);
        body.put("sessions", sessions.sessionCount());
        ctx.contentType("application/json").result(body.toString());
    }

    private static void metrics(Context ctx, SessionManager sessions, RaceHub races, ExperimentJobs experimentJobs) {
        ObjectNode body = JSON.createObjectNode();
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        double cpu = Double.NaN;
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            cpu = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuLoad();
        }
        if (cpu >= 0) {
            body.put("processCpuLoad", cpu);
        } else {
            body.putNull("processCpuLoad");
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        body.put("heapUsedBytes", memory.getHeapMemoryUsage().getUsed());
        body.put("heapMaxBytes", memory.getHeapMemoryUsage().getMax());
        body.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        body.put("workers", sessions.scheduler().workerCount());
        body.put("queuedSlices", sessions.scheduler().queued());
        body.put("sessions", sessions.sessionCount());
        // The experiment pages (docs/protocol.md, "HTTP"): race pages open, and the heavy jobs of both
        // pages under their one admission.
        JobSlots heavyJobs = races.admission();
        body.put("raceSessions", races.raceCount());
        body.put("jobSlots", heavyJobs.slots());
        body.put("jobsRunning", heavyJobs.running());
        body.put("jobsQueued", heavyJobs.queued());
        body.put("raceJobsRunning", races.runningJobs());
        body.put("raceJobsQueued", races.queuedJobs());
        body.put("experimentJobsRunning", experimentJobs.runningCount());
        body.put("experimentJobsQueued", experimentJobs.queuedCount());
        ctx.contentType("application/json").result(body.toString());
    }

    /** The WebSocket endpoint: sockets to connections, text to commands. */
    static final class SocketEndpoint {
        private final SessionManager sessions;
        private final CommandCodec codec;
        private final Map<String, Connection> connections = new ConcurrentHashMap<>();
        private final AtomicLong viewerCounter = new AtomicLong();

        SocketEndpoint(SessionManager sessions, CommandCodec codec) {
            this.sessions = sessions;
            this.codec = codec;
        }

        void configure(WsConfig ws) {
            ws.onConnect(this::connect);
            ws.onMessage(ctx -> text(ctx, ctx.message()));
            ws.onBinaryMessage(ctx -> binary(ctx));
            ws.onClose(ctx -> disconnect(ctx));
            ws.onError(ctx -> LOG.debug("socket {} failed", ctx.sessionId(), ctx.error()));
        }

        private void connect(WsContext ctx) {
            ctx.enableAutomaticPings();
            String token = ctx.queryParam("resume");
            if (token != null && !TOKEN.matcher(token).matches()) {
                token = null; // not one of ours: a fresh session, as for an unknown token
            }
            WebSocketViewer viewer = new WebSocketViewer("v-" + viewerCounter.incrementAndGet(), ctx);
            try {
                connections.put(ctx.sessionId(), sessions.connect(token, viewer));
            } catch (SessionLimitException e) {
                ctx.send(EventCodec.error(e.getMessage(), null, null));
                ctx.closeSession(WsCloseStatus.TRY_AGAIN_LATER, "server full");
            }
        }

        private void text(WsContext ctx, String message) {
            Connection connection = connections.get(ctx.sessionId());
            if (connection == null) {
                return;
            }
            try {
                Command command = codec.decode(message);
                connection.send(command);
            } catch (ProtocolException e) {
                connection.reject(e);
            } catch (RuntimeException e) {
                LOG.error("decoding a message failed unexpectedly", e);
                connection.reject(new ProtocolException("The server could not read this message (" + e + ").", null));
            }
        }

        private void binary(WsContext ctx) {
            Connection connection = connections.get(ctx.sessionId());
            if (connection != null) {
                connection.reject(new ProtocolException("The server accepts only text messages (JSON commands),"
                        + " not binary ones.", null));
            }
        }

        private void disconnect(WsContext ctx) {
            Connection connection = connections.remove(ctx.sessionId());
            if (connection != null) {
                connection.close();
            }
        }
    }
}
