package org.layerlab.protocol;

import java.util.Objects;
import org.layerlab.training.Race;

/**
 * A decoded, validated message from a race page (docs/protocol.md, "Races"). Every instance is one
 * the race session can carry out: {@link RaceCommandCodec} checked the fields, the race document
 * included.
 */
public sealed interface RaceCommand {

    /** The message's {@code type} on the wire. */
    String type();

    /** {@code race}: the race to run from now on (the live race restarts at its first seed, paused). */
    record SetRace(Race.Spec spec) implements RaceCommand {
        public SetRace {
            Objects.requireNonNull(spec, "spec");
        }

        @Override
        public String type() {
            return "race";
        }
    }

    /** {@code play}: the live race trains on. */
    record Play() implements RaceCommand {
        @Override
        public String type() {
            return "play";
        }
    }

    /** {@code pause}: the live race holds still. */
    record Pause() implements RaceCommand {
        @Override
        public String type() {
            return "pause";
        }
    }

    /** {@code reset}: the live race back to epoch 0 on the same seed, paused. */
    record Reset() implements RaceCommand {
        @Override
        public String type() {
            return "reset";
        }
    }

    /** {@code seed}: the live race restarts on this seed, paused. */
    record Seed(long seed) implements RaceCommand {
        @Override
        public String type() {
            return "seed";
        }
    }

    /** {@code speed}: lock-step epochs per second, 0 for as fast as the server allows. */
    record Speed(double epochsPerSecond) implements RaceCommand {
        @Override
        public String type() {
            return "speed";
        }
    }

    /** {@code repeat}: run the current race over its seeds (replacing a repeat still going). */
    record Repeat() implements RaceCommand {
        @Override
        public String type() {
            return "repeat";
        }
    }

    /** {@code cancel}: stop the repeat over seeds. */
    record Cancel() implements RaceCommand {
        @Override
        public String type() {
            return "cancel";
        }
    }

    /** {@code ack}: the page took the live frame {@code seq} (flow control). */
    record Ack(long seq) implements RaceCommand {
        @Override
        public String type() {
            return "ack";
        }
    }
}
