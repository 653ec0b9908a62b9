package org.layerlab.cli;

import io.javalin.Javalin;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.layerlab.server.LayerLabServer;
import org.layerlab.server.ServerSettings;

/**
 * {@code serve}: starts the web server and blocks until the process is stopped (Ctrl-C), then stops
 * it gracefully: sessions closed, sockets closed, worker threads ended.
 */
public final class ServeCommand {
    static final String USAGE = String.join("\n",
            "usage: layerlab serve [--port 7070] [--host ADDRESS] [--workers N] [--idle-timeout 10m]",
            "                      [--max-sessions 200] [--max-bytes-per-second 60000] [--web-dir web]",
            "                      [--max-queued-jobs 64] [--jobs-per-client 4]",
            "  --port                  port to listen on; 0 picks a free one        (env LAYERLAB_PORT)",
            "  --host                  address to bind; default every interface      (env LAYERLAB_HOST)",
            "  --workers               training threads; default one per core        (env LAYERLAB_WORKERS)",
            "  --idle-timeout          how long a session outlives its last tab: 600, 30s, 10m, 1h",
            "                                                                        (env LAYERLAB_IDLE_TIMEOUT)",
            "  --max-sessions          sessions the server holds at once             (env LAYERLAB_MAX_SESSIONS)",
            "  --max-bytes-per-second  frame budget per browser tab, bytes/s         (env LAYERLAB_MAX_BYTES_PER_SECOND)",
            "  --web-dir               serve /assets from this folder, not the jar   (env LAYERLAB_WEB_DIR)",
            "  --max-queued-jobs       heavy jobs (race repeats, sweeps, landscapes) that may wait for a",
            "                          worker; one more is refused as busy           (env LAYERLAB_MAX_QUEUED_JOBS)",
            "  --jobs-per-client       heavy jobs one browser may have running or waiting",
            "                                                                        (env LAYERLAB_JOBS_PER_CLIENT)",
            "Flags override environment variables.");

    private ServeCommand() {
    }

    /** Parses the flags, starts the server, prints its address and blocks until shutdown. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> argList = Arrays.asList(args);
        if (argList.contains("--help") || argList.contains("-h")) {
            out.println(USAGE);
            return 0;
        }
        ServerSettings settings;
        try {
            settings = settings(argList, System.getenv());
        } catch (CliException e) {
            err.println(e.getMessage());
            return e.exitCode();
        }
        Javalin app;
        try {
            app = start(settings);
        } catch (RuntimeException e) {
            err.println("serve: the server could not start: " + rootMessage(e));
            return CliException.FAILURE;
        }
        out.println("LayerLab is running at http://localhost:" + app.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            app.stop();
            stopped.countDown();
        }, "layerlab-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            app.stop();
        }
        return 0;
    }

    /** Flags over environment over defaults; a usage error as a {@link CliException}. */
    static ServerSettings settings(List<String> args, Map<String, String> environment) {
        Args parsed = Args.parse("serve", args, ServerSettings.FLAGS, List.of());
        Map<String, String> flags = new HashMap<>();
        for (String name : ServerSettings.FLAGS) {
            if (parsed.value(name) != null) {
                flags.put(name, parsed.value(name));
            }
        }
        try {
            return ServerSettings.resolve(flags, environment);
        } catch (IllegalArgumentException e) {
            throw CliException.badInput("serve: " + e.getMessage());
        }
    }

    /** Starts a server in this process and returns it running (tests: port 0, then {@code port()}). */
    public static Javalin start(ServerSettings settings) {
        return LayerLabServer.create(settings).start();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
