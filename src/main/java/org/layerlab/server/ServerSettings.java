package org.layerlab.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.layerlab.session.JobSlots;
import org.layerlab.session.SessionSettings;

/**
 * How {@code layerlab serve} runs: where it listens, how many worker threads train, and the session
 * rules. Each setting comes from a flag, else an environment variable, else its default:
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>flag</th><th>environment</th><th>default</th></tr>
 *   <tr><td>--port</td><td>LAYERLAB_PORT</td><td>7070 (0 = any free port)</td></tr>
 *   <tr><td>--host</td><td>LAYERLAB_HOST</td><td>every interface (a classroom reaches it over Wi-Fi)</td></tr>
 *   <tr><td>--workers</td><td>LAYERLAB_WORKERS</td><td>one per core</td></tr>
 *   <tr><td>--idle-timeout</td><td>LAYERLAB_IDLE_TIMEOUT</td><td>10m</td></tr>
 *   <tr><td>--max-sessions</td><td>LAYERLAB_MAX_SESSIONS</td><td>200</td></tr>
 *   <tr><td>--max-bytes-per-second</td><td>LAYERLAB_MAX_BYTES_PER_SECOND</td><td>60000</td></tr>
 *   <tr><td>--web-dir</td><td>LAYERLAB_WEB_DIR</td><td>none: the web files inside the jar</td></tr>
 *   <tr><td>--max-queued-jobs</td><td>LAYERLAB_MAX_QUEUED_JOBS</td><td>64</td></tr>
 *   <tr><td>--jobs-per-client</td><td>LAYERLAB_JOBS_PER_CLIENT</td><td>4</td></tr>
 * </table>
 *
 * @param host     the address to bind, or null for every interface
 * @param port     0..65535, 0 for a free port (tests)
 * @param workers  worker threads, 1..256, or 0 for one per core
 * @param sessions the session rules
 * @param webDir   serve /assets from this folder instead of the jar (development), or null
 * @param maxQueuedJobs heavy jobs (race repeats, sweeps, landscapes) that may wait for a worker,
 *                      0..10,000; one more is refused as busy
 * @param jobsPerClient heavy jobs one browser (address and cookie) may have running or waiting, 1..1,000
 */
public record ServerSettings(String host, int port, int workers, SessionSettings sessions, Path webDir,
                             int maxQueuedJobs, int jobsPerClient) {

    public static final int DEFAULT_PORT = 7070;

    public ServerSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        if (workers < 0 || workers > 256) {
            throw new IllegalArgumentException("workers must be in [1, 256] (or 0 for one per core), got " + workers);
        }
        Objects.requireNonNull(sessions, "sessions");
        if (webDir != null && !Files.isDirectory(webDir)) {
            throw new IllegalArgumentException("web-dir " + webDir + " is not a folder");
        }
        if (maxQueuedJobs < 0 || maxQueuedJobs > 10_000) {
            throw new IllegalArgumentException("max-queued-jobs must be in [0, 10000], got " + maxQueuedJobs);
        }
        if (jobsPerClient < 1 || jobsPerClient > 1_000) {
            throw new IllegalArgumentException("jobs-per-client must be in [1, 1000], got " + jobsPerClient);
        }
    }

    /** Port 7070 on every interface, one worker per core, the default session rules, the jar's web files. */
    public static ServerSettings defaults() {
        return new ServerSettings(null, DEFAULT_PORT, 0, SessionSettings.defaults(), null,
                JobSlots.DEFAULT_MAX_QUEUED, JobSlots.DEFAULT_MAX_PER_CLIENT);
    }

    public ServerSettings withPort(int newPort) {
        return new ServerSettings(host, newPort, workers, sessions, webDir, maxQueuedJobs, jobsPerClient);
    }

    public ServerSettings withWorkers(int newWorkers) {
        return new ServerSettings(host, port, newWorkers, sessions, webDir, maxQueuedJobs, jobsPerClient);
    }

    public ServerSettings withSessions(SessionSettings newSessions) {
        return new ServerSettings(host, port, workers, newSessions, webDir, maxQueuedJobs, jobsPerClient);
    }

    public ServerSettings withWebDir(Path newWebDir) {
        return new ServerSettings(host, port, workers, sessions, newWebDir, maxQueuedJobs, jobsPerClient);
    }

    /** The same settings with other limits on heavy jobs. */
    public ServerSettings withJobLimits(int newMaxQueuedJobs, int newJobsPerClient) {
        return new ServerSettings(host, port, workers, sessions, webDir, newMaxQueuedJobs, newJobsPerClient);
    }

    /** The flag names {@link #resolve} reads (without dashes). */
    public static final java.util.List<String> FLAGS = java.util.List.of("port", "host", "workers", "idle-timeout",
            "max-sessions", "max-bytes-per-second", "web-dir", "max-queued-jobs", "jobs-per-client");

    /**
     * Settings from flags (by name, without dashes; absent = not given) over environment variables
     * over defaults.
     *
     * @throws IllegalArgumentException naming the flag or variable and the allowed values
     */
    public static ServerSettings resolve(Map<String, String> flags, Map<String, String> environment) {
        Source source = new Source(flags, environment);
        SessionSettings sessions = SessionSettings.defaults();
        String idle = source.get("idle-timeout");
        if (idle != null) {
            sessions = sessions.withIdleTimeout(source.check("idle-timeout", () -> parseDuration(source.value("idle-timeout"))));
        }
        if (source.get("max-sessions") != null) {
            int max = source.integer("max-sessions", 1, 100_000);
            sessions = sessions.withMaxSessions(max);
        }
        if (source.get("max-bytes-per-second") != null) {
            long max = source.integer("max-bytes-per-second", 1_000, 1_000_000_000);
            sessions = sessions.withMaxBytesPerSecond(max);
        }
        int port = source.get("port") == null ? DEFAULT_PORT : source.integer("port", 0, 65_535);
        int workers = source.get("workers") == null ? 0 : source.integer("workers", 1, 256);
        String host = source.get("host");
        Path webDir = null;
        if (source.get("web-dir") != null) {
            webDir = Path.of(source.value("web-dir"));
            if (!Files.isDirectory(webDir)) {
                throw new IllegalArgumentException(source.name("web-dir") + " must be a folder, got " + webDir);
            }
        }
        int maxQueuedJobs = source.get("max-queued-jobs") == null ? JobSlots.DEFAULT_MAX_QUEUED
                : source.integer("max-queued-jobs", 0, 10_000);
        int jobsPerClient = source.get("jobs-per-client") == null ? JobSlots.DEFAULT_MAX_PER_CLIENT
                : source.integer("jobs-per-client", 1, 1_000);
        return new ServerSettings(host == null || host.isBlank() ? null : host, port, workers, sessions, webDir,
                maxQueuedJobs, jobsPerClient);
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    /** "600" (seconds), "500ms", "30s", "10m", "1h". */
    static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a duration like 600 (seconds), 30s, 10m or 1h, got \""
                    + text + "\"");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis;
        switch (unit) {
            case "ms": millis = amount; break;
            case "m": millis = amount * 60_000; break;
            case "h": millis = amount * 3_600_000; break;
            default: millis = amount * 1000;
        }
        if (millis < 1 || millis > 7 * 24 * 3_600_000.0) {
            throw new IllegalArgumentException("must be between 1ms and 7 days, got \"" + text + "\"");
        }
        return Duration.ofMillis((long) millis);
    }

    /** Where a setting came from, so errors name the flag or the variable the user wrote. */
    private static final class Source {
        private final Map<String, String> flags;
        private final Map<String, String> environment;

        Source(Map<String, String> flags, Map<String, String> environment) {
            this.flags = flags;
            this.environment = environment;
        }

        static String variable(String flag) {
            return "LAYERLAB_" + flag.toUpperCase(Locale.ROOT).replace('-', '_');
        }

        String get(String flag) {
            String value = flags.get(flag);
            return value != null ? value : environment.get(variable(flag));
        }

        String value(String flag) {
            return get(flag).trim();
        }

        String name(String flag) {
            return flags.containsKey(flag) ? "--" + flag : variable(flag);
        }

        long integer(String flag, long min, long max) {
            String raw = value(flag);
            long value;
            try {
                value = Long.parseLong(raw.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name(flag) + " must be a whole number in [" + min + ", " + max
                        + "], got \"" + raw + "\"");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(name(flag) + " must be in [" + min + ", " + max + "], got " + value);
            }
            return value;
        }

        int integer(String flag, int min, int max) {
            return (int) integer(flag, (long) min, (long) max);
        }

        <T> T check(String flag, java.util.function.Supplier<T> parse) {
            try {
                return parse.get();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name(flag) + " " + e.getMessage());
            }
        }
    }
}
