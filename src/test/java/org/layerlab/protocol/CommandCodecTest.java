package org.layerlab.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layerlab.data.Feature;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.training.ModelFile;

/** Every command decodes; every way a message can be wrong is refused with the field named. */
class CommandCodecTest {
    private final CommandCodec codec = new CommandCodec(NetworkLimits.DEFAULT);

    @Test
    void decodesEveryCommand() {
        assertInstanceOf(Command.Play.class, codec.decode("{\"type\":\"play\"}"));
        assertInstanceOf(Command.Pause.class, codec.decode("{\"type\":\"pause\"}"));
        assertInstanceOf(Command.Reset.class, codec.decode("{\"type\":\"reset\"}"));
        assertInstanceOf(Command.NewSeed.class, codec.decode("{\"type\":\"newSeed\"}"));
        assertInstanceOf(Command.ExportModel.class, codec.decode("{\"type\":\"exportModel\"}"));
        assertInstanceOf(Command.ExportHistory.class, codec.decode("{\"type\":\"exportHistory\"}"));
        assertEquals(new Command.Step(Command.StepUnit.BATCH), codec.decode("{\"type\":\"step\",\"unit\":\"batch\"}"));
        assertEquals(new Command.Step(Command.StepUnit.EPOCH), codec.decode("{\"type\":\"step\",\"unit\":\"epoch\"}"));
        assertEquals(new Command.Speed(0), codec.decode("{\"type\":\"speed\",\"epochsPerSecond\":0}"));
        assertEquals(new Command.Speed(250.5), codec.decode("{\"type\":\"speed\",\"epochsPerSecond\":250.5}"));
        assertEquals(new Command.FrameRate(15), codec.decode("{\"type\":\"frameRate\",\"fps\":15}"));
        assertEquals(new Command.Ack(4294967295L), codec.decode("{\"type\":\"ack\",\"seq\":4294967295}"));
        assertEquals(new Command.Select(new NeuronRef(2, 1)),
                codec.decode("{\"type\":\"select\",\"layer\":2,\"neuron\":1.0}"));
        assertEquals(new Command.Select(null), codec.decode("{\"type\":\"select\",\"layer\":null,\"neuron\":null}"));
        assertEquals(new Command.Select(null), codec.decode("{\"type\":\"select\"}"));
        assertEquals(new Command.AddPoint(-6, 2.5, 1), codec.decode("{\"type\":\"addPoint\",\"x\":-6,\"y\":2.5,\"label\":1}"));

        Command.Configure configure = (Command.Configure) codec.decode(
                "{\"type\":\"configure\",\"config\":{\"seed\":5,\"training\":{\"learningRate\":0.1}}}");
        assertEquals(5, configure.config().seed());
        assertEquals(0.1, configure.config().training().learningRate());

        Command.UploadPoints upload = (Command.UploadPoints) codec.decode(
                "{\"type\":\"uploadPoints\",\"format\":\"csv\",\"text\":\"x,y,label\\n1,2,1\\n-1,-2,-1\\n\"}");
        assertEquals(2, upload.data().points().size());
        assertEquals("csv", upload.format());
    }

    @Test
    void importModelTakesAnObjectOrTheFilesText() {
        String model = "{\"format\":\"layerlab-model\",\"version\":1,\"features\":[\"x1\",\"x2\"],"
                + "\"layerSizes\":[2,1],\"loss\":\"squared\",\"layers\":[{\"activation\":\"tanh\","
                + "\"weights\":[[0.5,-0.25]],\"biases\":[0.1]}]}";
        ModelFile fromObject = ((Command.ImportModel) codec.decode(
                "{\"type\":\"importModel\",\"model\":" + model + "}")).model();
        ModelFile fromText = ((Command.ImportModel) codec.decode(
                "{\"type\":\"importModel\",\"model\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(model)
                        + "}")).model();
        assertEquals(List.of(Feature.X1, Feature.X2), fromObject.features());
        assertEquals(-0.25, fromObject.parameters()[1]);
        assertEquals(fromObject.spec(), fromText.spec());
    }

    /** message → the field the error names (or "-" for none) and a fragment of its text. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`{\"type\":\"jump\"}`                                  | type            | Unknown message type \"jump\"",
            "`{\"kind\":\"play\"}`                                  | type            | no \"type\"",
            "`{\"type\":7}`                                         | type            | type must be a string",
            "`[1,2]`                                                | -               | must be a JSON object",
            "`{\"type\":\"play\",\"fast\":true}`                    | fast            | Unknown field \"fast\" in play",
            "`{\"type\":\"speed\"}`                                 | epochsPerSecond | speed needs the field epochsPerSecond",
            "`{\"type\":\"speed\",\"epochsPerSecond\":\"fast\"}`    | epochsPerSecond | must be a number",
            "`{\"type\":\"speed\",\"epochsPerSecond\":0.5}`         | epochsPerSecond | 0 (as fast as possible) or in [1, 100000], got 0.5",
            "`{\"type\":\"speed\",\"epochsPerSecond\":200000}`      | epochsPerSecond | got 200000",
            "`{\"type\":\"speed\",\"epochsPerSec\":5}`              | epochsPerSec    | allowed: epochsPerSecond",
            "`{\"type\":\"frameRate\",\"fps\":0}`                   | fps             | fps must be in [1, 60], got 0",
            "`{\"type\":\"frameRate\",\"fps\":61}`                  | fps             | got 61",
            "`{\"type\":\"ack\",\"seq\":-1}`                        | seq             | 0 or more",
            "`{\"type\":\"ack\",\"seq\":1.5}`                       | seq             | whole number",
            "`{\"type\":\"ack\",\"seq\":4294967296}`                | seq             | [0, 4294967295]",
            "`{\"type\":\"step\"}`                                  | unit            | step needs the field unit",
            "`{\"type\":\"step\",\"unit\":\"year\"}`                | unit            | \"epoch\" or \"batch\"",
            "`{\"type\":\"select\",\"layer\":1}`                    | neuron          | both layer and neuron",
            "`{\"type\":\"select\",\"layer\":1,\"neuron\":-2}`      | neuron          | 0 or more",
            "`{\"type\":\"select\",\"layer\":70000,\"neuron\":0}`   | layer           | [0, 65535]",
            "`{\"type\":\"addPoint\",\"x\":7,\"y\":0,\"label\":1}`  | x               | x must be in [-6, 6]",
            "`{\"type\":\"addPoint\",\"x\":0,\"y\":0}`              | label           | addPoint needs the field label",
            "`{\"type\":\"configure\"}`                             | config          | configure needs the field config",
            "`{\"type\":\"configure\",\"config\":[]}`               | config          | a JSON object",
            "`{\"type\":\"configure\",\"config\":{\"training\":{\"learningRate\":25}}}` | config.training.learningRate | training.learningRate must be in (0, 10], got 25",
            "`{\"type\":\"configure\",\"config\":{\"network\":{\"hidden\":[4,100]}}}`   | config.network.hidden[1]     | maxNeuronsPerLayer",
            "`{\"type\":\"configure\",\"config\":{\"netwrk\":{}}}`  | config.netwrk   | netwrk",
            "`{\"type\":\"uploadPoints\",\"format\":\"xml\",\"text\":\"\"}` | format  | \"csv\" or \"json\"",
            "`{\"type\":\"uploadPoints\",\"format\":\"csv\",\"text\":\"x,y,label\\n1,2,1\\n1,banana,1\\n\"}` | text | line 3",
            "`{\"type\":\"importModel\",\"model\":{\"format\":\"layerlab-model\",\"version\":2}}` | model.version | version must be 1",
            "`{\"type\":\"importModel\",\"model\":3}`               | model           | a JSON object",
    })
    void refusesWithTheFieldNamed(String message, String field, String fragment) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(message));
        assertEquals(field.equals("-") ? null : field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "\"" + e.getMessage() + "\" should contain \"" + fragment + "\"");
        if (!field.equals("type") && !field.equals("-")) {
            assertTrue(e.command() != null, "the error names the command it answers");
        }
    }

    @Test
    void malformedJsonIsReportedWithItsPosition() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode("{\"type\":\"play\",}"));
        assertTrue(e.getMessage().startsWith("The message is not valid JSON"), e.getMessage());
        assertTrue(e.getMessage().contains("line 1, column 16"), e.getMessage());
        assertNull(e.field());
        assertNull(e.command());

        ProtocolException duplicate = assertThrows(ProtocolException.class,
                () -> codec.decode("{\"type\":\"play\",\"type\":\"pause\"}"));
        assertTrue(duplicate.getMessage().contains("Duplicate field"), duplicate.getMessage());

        ProtocolException trailing = assertThrows(ProtocolException.class, () -> codec.decode("{\"type\":\"play\"} {}"));
        assertTrue(trailing.getMessage().contains("not valid JSON"), trailing.getMessage());

        ProtocolException empty = assertThrows(ProtocolException.class, () -> codec.decode(""));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
    }

    @Test
    void aMessageOverTwoMegabytesIsRefusedBeforeParsing() {
        String big = "{\"type\":\"uploadPoints\",\"format\":\"csv\",\"text\":\"" + "1".repeat(Protocol.MAX_TEXT_MESSAGE_CHARS)
                + "\"}";
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(big));
        assertTrue(e.getMessage().contains("at most 2097152"), e.getMessage());
        assertNull(e.field());
    }

    @Test
    void theCommandTypesAreThoseOfTheProtocolDocument() {
        assertEquals(List.of("configure", "play", "pause", "step", "reset", "newSeed", "speed", "frameRate", "ack",
                "select", "uploadPoints", "addPoint", "importModel", "exportModel", "exportHistory", "breakSymmetry",
                "hiddenSpace", "biases", "trace", "applyTrace"), codec.types());
    }

    @Test
    void decodesBreakSymmetryAndHiddenSpace() {
        assertInstanceOf(Command.BreakSymmetry.class, codec.decode("{\"type\":\"breakSymmetry\"}"));
        assertEquals(new Command.HiddenSpace(new HiddenSpaceView(2, 0, 3)),
                codec.decode("{\"type\":\"hiddenSpace\",\"layer\":2,\"a\":0,\"b\":3}"));
        assertEquals(new Command.HiddenSpace(new HiddenSpaceView(1, 1, 1)),
                codec.decode("{\"type\":\"hiddenSpace\",\"layer\":1.0,\"a\":1,\"b\":1}"));
        assertEquals(new Command.HiddenSpace(null), codec.decode("{\"type\":\"hiddenSpace\",\"layer\":null}"));
        assertEquals(new Command.HiddenSpace(null),
                codec.decode("{\"type\":\"hiddenSpace\",\"layer\":null,\"a\":null,\"b\":null}"));
        assertEquals("breakSymmetry", new Command.BreakSymmetry().type());
        assertEquals("hiddenSpace", new Command.HiddenSpace(null).type());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"hiddenSpace\"}|layer",
            "{\"type\":\"hiddenSpace\",\"layer\":0,\"a\":0,\"b\":1}|layer",
            "{\"type\":\"hiddenSpace\",\"layer\":-1,\"a\":0,\"b\":1}|layer",
            "{\"type\":\"hiddenSpace\",\"layer\":1.5,\"a\":0,\"b\":1}|layer",
            "{\"type\":\"hiddenSpace\",\"layer\":\"1\",\"a\":0,\"b\":1}|layer",
            "{\"type\":\"hiddenSpace\",\"layer\":99999999999,\"a\":0,\"b\":1}|layer",
            "{\"type\":\"hiddenSpace\",\"layer\":1,\"b\":1}|a",
            "{\"type\":\"hiddenSpace\",\"layer\":1,\"a\":-2,\"b\":1}|a",
            "{\"type\":\"hiddenSpace\",\"layer\":1,\"a\":true,\"b\":1}|a",
            "{\"type\":\"hiddenSpace\",\"layer\":1,\"a\":0}|b",
            "{\"type\":\"hiddenSpace\",\"layer\":1,\"a\":0,\"b\":70000}|b",
            "{\"type\":\"hiddenSpace\",\"layer\":null,\"a\":1}|a",
            "{\"type\":\"hiddenSpace\",\"layer\":1,\"a\":0,\"b\":1,\"neuron\":2}|neuron",
            "{\"type\":\"breakSymmetry\",\"scale\":2}|scale",
    })
    void hiddenSpaceAndBreakSymmetryErrorsNameTheField(String json, String field) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(json));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(field), e.getMessage());
        assertEquals(json.contains("breakSymmetry") ? "breakSymmetry" : "hiddenSpace", e.command());
    }

    @Test
    void biasesTakeExactlyOneOfShiftOrSetWithinTen() {
        Command.Biases shift = (Command.Biases) codec.decode("{\"type\":\"biases\",\"shift\":-1}");
        assertEquals(false, shift.set());
        assertEquals(-1, shift.value());
        Command.Biases set = (Command.Biases) codec.decode("{\"type\":\"biases\",\"set\":0.1}");
        assertEquals(true, set.set());
        ProtocolException both = assertThrows(ProtocolException.class,
                () -> codec.decode("{\"type\":\"biases\",\"shift\":1,\"set\":0.1}"));
        assertTrue(both.getMessage().contains("exactly one"), both.getMessage());
        ProtocolException neither = assertThrows(ProtocolException.class, () -> codec.decode("{\"type\":\"biases\"}"));
        assertEquals("shift", neither.field());
        ProtocolException far = assertThrows(ProtocolException.class,
                () -> codec.decode("{\"type\":\"biases\",\"shift\":-11}"));
        assertEquals("shift", far.field());
        assertTrue(far.getMessage().contains("[-10, 10]"), far.getMessage());
    }
}
