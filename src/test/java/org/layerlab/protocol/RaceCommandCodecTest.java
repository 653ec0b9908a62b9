package org.layerlab.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.training.Race;

class RaceCommandCodecTest {
    private final RaceCommandCodec codec = new RaceCommandCodec(RaceLimits.defaults());

    private ProtocolException refused(String message) {
        return assertThrows(ProtocolException.class, () -> codec.decode(message));
    }

    private static String race(String document) {
        return "{\"type\": \"race\", \"race\": " + document + "}";
    }

    private static final String TWO = "\"contestants\": [{\"name\": \"a\"}, {\"name\": \"b\", \"overrides\":"
            + " {\"network\": {\"activation\": \"relu\"}}}]";

    @Test
    void everyCommandDecodes() {
        RaceCommand.SetRace set = assertInstanceOf(RaceCommand.SetRace.class,
                codec.decode(race(Race.defaultRace("circle").toJsonTree().toString())));
        assertEquals(Race.defaultRace("circle"), set.spec(), "the preset comes back as exactly the default race");
        assertInstanceOf(RaceCommand.Play.class, codec.decode("{\"type\": \"play\"}"));
        assertInstanceOf(RaceCommand.Pause.class, codec.decode("{\"type\": \"pause\"}"));
        assertInstanceOf(RaceCommand.Reset.class, codec.decode("{\"type\": \"reset\"}"));
        assertEquals(new RaceCommand.Seed(12), codec.decode("{\"type\": \"seed\", \"seed\": 12.0}"));
        assertEquals(new RaceCommand.Speed(0), codec.decode("{\"type\": \"speed\", \"epochsPerSecond\": 0}"));
        assertEquals(new RaceCommand.Speed(300), codec.decode("{\"type\": \"speed\", \"epochsPerSecond\": 300}"));
        assertInstanceOf(RaceCommand.Repeat.class, codec.decode("{\"type\": \"repeat\"}"));
        assertInstanceOf(RaceCommand.Cancel.class, codec.decode("{\"type\": \"cancel\"}"));
        assertEquals(new RaceCommand.Ack(41), codec.decode("{\"type\": \"ack\", \"seq\": 41}"));
        assertEquals(List.of("race", "play", "pause", "reset", "seed", "speed", "repeat", "cancel", "ack"),
                RaceCommandCodec.types());
    }

    @Test
    void aRaceDocumentsMistakesAreNamedUnderRace() {
        ProtocolException e = refused(race("{\"contestants\": [{\"name\": \"a\"}, {\"name\": \"b\", \"overrides\":"
                + " {\"network\": {\"activation\": \"relux\"}}}]}"));
        assertEquals("race.contestants[1].overrides.network.activation", e.field());
        assertEquals("race", e.command());
        assertTrue(e.getMessage().startsWith("contestants[1].overrides.network.activation must be one of"),
                e.getMessage());

        assertEquals("race.target", refused(race("{" + TWO + ", \"target\": -1}")).field());
        assertEquals("race.contestants", refused(race("{\"contestants\": [{\"name\": \"a\"}]}")).field());
        assertEquals("race.base.training.learningRate",
                refused(race("{\"base\": {\"training\": {\"learningRate\": 25}}, " + TWO + "}")).field());
        ProtocolException rate = refused(race("{\"contestants\": [{\"name\": \"a\"}, {\"name\": \"b\", \"overrides\":"
                + " {\"training\": {\"learningRate\": 25}}}]}"));
        assertEquals("race.contestants[1].overrides.training.learningRate", rate.field());
        assertEquals("contestants[1].overrides.training.learningRate must be in (0, 10], got 25", rate.getMessage());
        assertEquals("race", refused("{\"type\": \"race\"}").field());
        assertEquals("race", refused("{\"type\": \"race\", \"race\": [1]}").field());
    }

    @Test
    void theServersLimitsAreNamedWithTheirRange() {
        ProtocolException epochs = refused(race("{" + TWO + ", \"maxEpochs\": 20001}"));
        assertEquals("race.maxEpochs", epochs.field());
        assertTrue(epochs.getMessage().startsWith("maxEpochs must be at most 20000 on this server"), epochs.getMessage());
        assertTrue(epochs.getMessage().endsWith("got 20001."), epochs.getMessage());
        ProtocolException seeds = refused(race("{" + TWO + ", \"seeds\": 101}"));
        assertEquals("race.seeds", seeds.field());
        assertTrue(seeds.getMessage().contains("at most 100"), seeds.getMessage());
        // Within the limits: fine.
        RaceCommand.SetRace ok = (RaceCommand.SetRace) codec.decode(race("{" + TWO + ", \"maxEpochs\": 20000,"
                + " \"seeds\": 100}"));
        assertEquals(20000, ok.spec().maxEpochs());
        assertEquals(100, ok.spec().seeds());
    }

    @Test
    void badFieldsAreNamed() {
        ProtocolException negative = refused("{\"type\": \"seed\", \"seed\": -1}");
        assertEquals("seed", negative.field());
        assertEquals("seed", negative.command());
        ProtocolException huge = refused("{\"type\": \"seed\", \"seed\": 9007199254740992}");
        assertEquals("seed", huge.field());
        assertEquals("seed must be in [0, 9007199254740991], got 9007199254740992.", huge.getMessage());
        assertEquals("seed", refused("{\"type\": \"seed\", \"seed\": 1.5}").field());
        assertEquals("seed", refused("{\"type\": \"seed\"}").field());
        ProtocolException slow = refused("{\"type\": \"speed\", \"epochsPerSecond\": 0.5}");
        assertEquals("epochsPerSecond", slow.field());
        assertEquals("epochsPerSecond must be 0 (as fast as possible) or in [1, 100000], got 0.5.", slow.getMessage());
        assertEquals("epochsPerSecond", refused("{\"type\": \"speed\", \"epochsPerSecond\": \"fast\"}").field());
        assertEquals("seq", refused("{\"type\": \"ack\"}").field());
        ProtocolException extra = refused("{\"type\": \"play\", \"speed\": 3}");
        assertEquals("speed", extra.field());
        assertEquals("Unknown field \"speed\" in play; play has no fields.", extra.getMessage());
        assertEquals("type", refused("{\"type\": \"configure\"}").field());
        assertEquals("type", refused("{\"type\": 3}").field());
        assertEquals("type", refused("{}").field());
    }

    @Test
    void malformedMessagesAreRefusedAsAWhole() {
        ProtocolException broken = refused("{\"type\": \"play\"");
        assertNull(broken.field());
        assertNull(broken.command());
        assertTrue(broken.getMessage().startsWith("The message is not valid JSON") && broken.getMessage().contains("line 1"),
                broken.getMessage());
        assertNull(refused("{\"type\": \"play\", \"type\": \"pause\"}").field());
        assertNull(refused("[1, 2]").field());
        assertNull(refused("").field());
        assertNull(refused("{\"type\": \"play\"} {}").field());
        assertNull(refused("x".repeat(Protocol.MAX_TEXT_MESSAGE_CHARS + 1)).field());
    }
}
