package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.server.LayerLabServer;
import org.layerlab.server.ServerSettings;

/** The load tool against the real server in-process: it must see frames, epochs and round trips. */
class LoadTestCommandTest {

    @Test
    void measuresFramesEpochsBytesAndRoundTripsWithoutErrors(@TempDir Path dir) throws Exception {
        Javalin app = LayerLabServer.create(ServerSettings.defaults().withPort(0).withWorkers(2)).start();
        try {
            Path report = dir.resolve("report.json");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = LoadTestCommand.run(List.of("--url", "http://localhost:" + app.port(), "--sessions", "3",
                    "--seconds", "4", "--warmup-seconds", "1", "--workload", "W1", "--fps", "20",
                    "--out", report.toString()), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            String printed = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, printed);
            JsonNode json = new ObjectMapper().readTree(Files.readString(report));
            assertEquals(0, json.path("errors").asInt(), printed);
            assertEquals(3, json.path("framesPerSecond").size());
            for (int i = 0; i < 3; i++) {
                assertTrue(json.path("framesPerSecond").get(i).asDouble() > 5, printed);
                assertTrue(json.path("epochsPerSecond").get(i).asDouble() > 100, printed);
                assertTrue(json.path("bytesPerSecond").get(i).asDouble() > 1000, printed);
                double deflated = json.path("deflatedBytesPerSecond").get(i).asDouble();
                assertTrue(deflated > 100 && deflated < json.path("bytesPerSecond").get(i).asDouble(), printed);
            }
            assertTrue(json.path("roundTripMs").size() > 0, "a select was seen in a frame: " + printed);
            assertTrue(json.path("serverHeapMaxMb").asDouble() > 0, printed);
            assertTrue(printed.contains("frames/s"), printed);
        } finally {
            app.stop();
        }
    }

    @Test
    void refusesBadFlagsWithAMessageThatNamesThem() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"loadtest", "--sessions", "0"}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(CliException.BAD_INPUT, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--sessions must be in [1, 1000], got 0"), err.toString());
    }
}
