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
            "  experiment  race settings (e.g. sigmoid vs ReLU) over many seeds: epochs to a target loss",
            "          (layerlab experiment --help for its flags)",
            "  sweep   final loss against learning rate (log-spaced rates, a few seeds each, divergence)",
            "          (layerlab sweep --help for its flags)",
            "  minima  one config trained from many seeds: the spread of final losses, every seed's network",
            "          (layerlab minima --help for its flags)",
            "  landscape  the loss over a plane through a trained network's weights, with its training path",
            "          (layerlab landscape --help for its flags)",
            "  noise   inputs of pure noise: final test loss against the number of noise features d",
            "          (layerlab noise --help for its flags)",
            "  serve   start the web server (the default command)",
            "  loadtest  open N sessions against a running server and report frames, bytes, epochs/s",
            "          (layerlab loadtest --help for its flags)",
            "  help    print this text");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command {@code args} names and returns the process's exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        // No command, or flags only (`java -jar layerlab.jar --port 8080`): serve, the default.
        if (args.length == 0 || args[0].startsWith("--") && !args[0].equals("--help")) {
            String[] withCommand = new String[args.length + 1];
            withCommand[0] = "serve";
            System.arraycopy(args, 0, withCommand, 1, args.length);
            args = withCommand;
        }
        String command = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (command) {
                case "train":
                    return new TrainCommand().run(rest, out, err);
                case "experiment":
                    return ExperimentCommand.run(rest, out, err);
                case "sweep":
                    return SweepCommand.run(rest, out, err);
                case "minima":
                    return MinimaCommand.run(rest, out, err);
                case "landscape":
                    return LandscapeCommand.run(rest, out, err);
                case "noise":
                    return NoiseCommand.run(rest, out, err);
                case "serve":
                    return ServeCommand.run(rest.toArray(new String[0]), out, err);
                case "loadtest":
                    return LoadTestCommand.run(rest, out, err);
                case "help":
                case "--help":
                case "-h":
                    out.println(USAGE);
                    return 0;
                default:
                    err.println("unknown command '" + command + "'; commands: train, serve, loadtest, experiment, sweep, minima, landscape, noise, help");
                    return CliException.BAD_INPUT;
            }
        } catch (CliException e) {
            err.println(e.getMessage());
            return e.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return CliException.FAILURE;
        } catch (Exception e) {
            // A bug, not bad input: one line for the user, the stack trace for the report.
            err.println("internal error: " + e);
            e.printStackTrace(err);
            return CliException.FAILURE;
        }
    }
}
