package org.layerlab.training;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reading and writing the JSON documents of this package (experiment configs, model files) by hand
 * over Jackson's tree, rather than by data binding: every field is looked up by its JSON path, so
 * an error can name exactly {@code network.hidden[2]} and the value found there, an absent field
 * takes its default, and a field nobody asked for is reported as unknown.
 */
final class JsonFields {

    /**
     * Duplicate keys are an error (which of two learning rates did the author mean?), and so is
     * anything after the document.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Integers above this do not survive a trip through JavaScript, whose numbers are doubles. */
    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private final String path;
    private final JsonNode node;
    /** The field names asked for so far, in order: at the end, the allowed names. */
    private final Set<String> known = new LinkedHashSet<>();

    private JsonFields(String path, JsonNode node) {
        this.path = path;
        this.node = node;
    }

    // ------------------------------------------------------------------ parsing and writing text

    /**
     * The document in {@code text}, which must be one JSON object.
     *
     * @param what names the document in messages, e.g. "config" or "model file"
     */
    static JsonFields parseObject(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new ConfigException("", "the " + what + " is empty; expected a JSON object");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            String where = location == null ? ""
                    : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw new ConfigException("", "malformed JSON in the " + what + where + ": "
                    + firstLine(e.getOriginalMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("", "the " + what + " must be a JSON object {...}, got "
                    + (root == null ? "nothing" : describe(root)));
        }
        return new JsonFields("", root);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /**
     * Pretty JSON: objects one field per line, arrays of numbers or strings on one line (a layer's
     * sizes, a neuron's weights), arrays of arrays or objects one element per line.
     */
    static String write(JsonNode root) {
        try {
            return MAPPER.writer(new CompactArraysPrinter()).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing JSON failed", e);
        }
    }

    /**
     * Breaks lines inside arrays only when their elements are containers. Jackson's pretty printer
     * decides line breaks without seeing the next value, so the array's first element is peeked at
     * through the generator's context: it writes elements of a "container" array on their own lines.
     */
    private static final class CompactArraysPrinter extends DefaultPrettyPrinter {
        private static final long serialVersionUID = 1L;

        CompactArraysPrinter() {
            _objectFieldValueSeparatorWithSpaces = ": ";
            indentArraysWith(new ContainerArrayIndenter());
        }

        CompactArraysPrinter(CompactArraysPrinter base) {
            super(base);
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new CompactArraysPrinter(this);
        }
    }

    /** A newline-and-indent inside arrays of arrays/objects, a single space inside flat arrays. */
    private static final class ContainerArrayIndenter implements DefaultPrettyPrinter.Indenter {
        private final DefaultIndenter lines = DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n");

        @Override
        public void writeIndentation(JsonGenerator g, int level) throws IOException {
            JsonStreamContext context = g.getOutputContext();
            if (context.inArray() && holdsContainers(context)) {
                lines.writeIndentation(g, level);
            } else {
                g.writeRaw(' ');
            }
        }

        /** Arrays named "layers" or "weights" hold objects and arrays in LayerLab's documents. */
        private static boolean holdsContainers(JsonStreamContext array) {
            JsonStreamContext parent = array.getParent();
            String name = parent == null ? null : parent.getCurrentName();
            return "layers".equals(name) || "weights".equals(name);
        }

        @Override
        public boolean isInline() {
            return false;
        }
    }

    // ------------------------------------------------------------------ navigating

    String path() {
        return path;
    }

    JsonNode node() {
        return node;
    }

    /** The path of a field of this object. */
    String pathOf(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The field's value, or null when it is absent or JSON null (both mean "the default"). */
    private JsonNode value(String name) {
        known.add(name);
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    boolean has(String name) {
        return value(name) != null;
    }

    /** A nested object; an absent one reads as an empty object, so all its fields take defaults. */
    JsonFields object(String name) {
        JsonNode value = value(name);
        String fieldPath = pathOf(name);
        if (value == null) {
            return new JsonFields(fieldPath, NODES.objectNode());
        }
        if (!value.isObject()) {
            throw new ConfigException(fieldPath, fieldPath + " must be an object {...}, got " + describe(value));
        }
        return new JsonFields(fieldPath, value);
    }

    /** Throws naming the first field of this object that was never asked for. */
    void rejectUnknownFields() {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                String fieldPath = pathOf(name);
                throw new ConfigException(fieldPath, "unknown field " + fieldPath + "; allowed"
                        + (path.isEmpty() ? "" : " in " + path) + ": " + String.join(", ", known));
            }
        }
    }

    // ------------------------------------------------------------------ typed values

    double number(String name, double defaultValue) {
        JsonNode value = value(name);
        return value == null ? defaultValue : numberAt(pathOf(name), value);
    }

    static double numberAt(String fieldPath, JsonNode value) {
        if (!value.isNumber()) {
            throw new ConfigException(fieldPath, fieldPath + " must be a number, got " + describe(value));
        }
        double d = value.doubleValue();
        if (!Double.isFinite(d)) {
            throw new ConfigException(fieldPath, fieldPath + " must be a finite number, got " + d + " (too large for a double)");
        }
        return d;
    }

    long integer(String name, long defaultValue) {
        JsonNode value = value(name);
        return value == null ? defaultValue : integerAt(pathOf(name), value);
    }

    /** A whole number; 10.0 and 1e1 count as 10, 10.5 does not. */
    static long integerAt(String fieldPath, JsonNode value) {
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong()) {
                throw new ConfigException(fieldPath, fieldPath + " is too large, got " + value);
            }
            return value.longValue();
        }
        if (value.isNumber()) {
            double d = value.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER) {
                return (long) d;
            }
        }
        throw new ConfigException(fieldPath, fieldPath + " must be a whole number, got " + describe(value));
    }

    /** A text value, or {@code defaultValue} (which may be null) when absent. */
    String text(String name, String defaultValue) {
        JsonNode value = value(name);
        return value == null ? defaultValue : textAt(pathOf(name), value);
    }

    static String textAt(String fieldPath, JsonNode value) {
        if (!value.isTextual()) {
            throw new ConfigException(fieldPath, fieldPath + " must be a string, got " + describe(value));
        }
        return value.textValue();
    }

    /** The elements of an array field, or null when absent. */
    List<JsonNode> array(String name) {
        JsonNode value = value(name);
        if (value == null) {
            return null;
        }
        String fieldPath = pathOf(name);
        if (!value.isArray()) {
            throw new ConfigException(fieldPath, fieldPath + " must be an array [...], got " + describe(value));
        }
        List<JsonNode> elements = new ArrayList<>(value.size());
        value.forEach(elements::add);
        return elements;
    }

    /** An element of a nested array as an object. */
    static JsonFields objectAt(String elementPath, JsonNode value) {
        if (!value.isObject()) {
            throw new ConfigException(elementPath, elementPath + " must be an object {...}, got " + describe(value));
        }
        return new JsonFields(elementPath, value);
    }

    static List<JsonNode> arrayAt(String elementPath, JsonNode value) {
        if (!value.isArray()) {
            throw new ConfigException(elementPath, elementPath + " must be an array [...], got " + describe(value));
        }
        List<JsonNode> elements = new ArrayList<>(value.size());
        value.forEach(elements::add);
        return elements;
    }

    // ------------------------------------------------------------------ messages

    /** A value as the author wrote it, shortened when long. */
    static String describe(JsonNode value) {
        String text = value.isContainerNode() ? (value.isArray() ? "an array" : "an object") : value.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    /** 25 rather than 25.0, 0.03 as 0.03: numbers in messages as a person would write them. */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    static ObjectNode newObject() {
        return NODES.objectNode();
    }

    /** {@code node.name} := value, or null where it is NaN or ±∞ (which JSON cannot hold). */
    static void putNumber(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }

    /** A number for a CSV cell: empty where it is NaN or ±∞. */
    static String csvNumber(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "";
    }
}
