package org.layerlab.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * LayerLab's entry point: {@code layerlab <command> [flags]}. Each command is its own class that
 * takes its arguments and output streams and returns an exit code, so tests run commands
 * in-process; only {@link #main} calls {@link System#exit}.
 */
public final class Main {

    static final String USAGE = String.join("\n",
            "usage: layerlab <command> [flags]",
            "",
            "commands:",
            "  train   train a network from an experiment config and write the model and metrics",
            "          (layerlab train --help for its flags)",
            "  serve   start the web server",
            "  help    print this text");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command {@code args} names and returns the process's exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            out.println(USAGE);
            return 0;
        }
        String command = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (command) {
                case "train":
                    return new TrainCommand().run(rest, out, err);
                case "serve":
                    // Placeholder until the server exists.
                    err.println("serve: the server is not built yet");
                    return CliException.BAD_INPUT;
                case "help":
                case "--help":
                case "-h":
                    out.println(USAGE);
                    return 0;
                default:
                    err.println("unknown command '" + command + "'; commands: train, serve, help");
                    return CliException.BAD_INPUT;
            }
        } catch (RuntimeException e) {
            // A bug, not bad input: one line for the user, the stack trace for the report.
            err.println("internal error: " + e);
            e.printStackTrace(err);
            return CliException.FAILURE;
        }
    }
}
