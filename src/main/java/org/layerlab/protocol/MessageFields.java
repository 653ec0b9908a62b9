package org.layerlab.protocol;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One client text message read as a typed JSON object, with checks that name the field: what the
 * playground's {@link CommandCodec} and the race page's {@link RaceCommandCodec} both start from.
 */
final class MessageFields {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String type;
    private final JsonNode root;

    private MessageFields(String type, JsonNode root) {
        this.type = type;
        this.root = root;
    }

    JsonNode node(String field) {
        return root.get(field);
    }

    void rejectUnknown(Set<String> allowed) {
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("type") && !allowed.contains(name)) {
                List<String> sorted = new ArrayList<>(allowed);
                sorted.sort(null);
                throw new ProtocolException("Unknown field \"" + abbreviate(name) + "\" in " + type + "; "
                        + (sorted.isEmpty() ? type + " has no fields" : "allowed: " + String.join(", ", sorted))
                        + ".", name);
            }
        }
    }

    JsonNode require(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new ProtocolException(type + " needs the field " + field + ".", field);
        }
        return node;
    }

    double number(String field) {
        JsonNode node = require(field);
        if (!node.isNumber()) {
            throw new ProtocolException(field + " must be a number, got " + kind(node) + ".", field);
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw new ProtocolException(field + " must be a finite number, got " + node + ".", field);
        }
        return value;
    }

    /** A whole number (10 and 10.0 both are), 0 or more. */
    long integer(String field) {
        JsonNode node = require(field);
        if (!node.isNumber()) {
            throw new ProtocolException(field + " must be a whole number, got " + kind(node) + ".", field);
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() < 0) {
            throw new ProtocolException(field + " must be 0 or more, got " + value.toPlainString() + ".", field);
        }
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw new ProtocolException(field + " must be a whole number below 2^63, got "
                    + abbreviate(value.toPlainString()) + ".", field);
        }
    }

    String text(String field) {
        JsonNode node = require(field);
        if (!node.isTextual()) {
            throw new ProtocolException(field + " must be a string, got " + kind(node) + ".", field);
        }
        return node.textValue();
    }

    /**
     * Reads {@code text} as a JSON object whose {@code type} is one of {@code types}.
     *
     * @throws ProtocolException naming what is wrong: empty, too long, not JSON, not an object, no
     *                           or an unknown type
     */
    static MessageFields read(String text, Collection<String> types) {
        if (text == null || text.isEmpty()) {
            throw new ProtocolException("The message is empty; send a JSON object with a \"type\".", null);
        }
        if (text.length() > Protocol.MAX_TEXT_MESSAGE_CHARS) {
            throw new ProtocolException("The message has " + text.length() + " characters; at most "
                    + Protocol.MAX_TEXT_MESSAGE_CHARS + " (2 MB) are accepted.", null);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("The message is not valid JSON: " + describe(e), null);
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException("The message must be a JSON object with a \"type\", got "
                    + (root == null ? "nothing" : kind(root)) + ".", null);
        }
        JsonNode typeNode = root.get("type");
        if (typeNode == null || typeNode.isNull()) {
            throw new ProtocolException("The message has no \"type\"; allowed: " + String.join(", ", types) + ".",
                    "type");
        }
        if (!typeNode.isTextual()) {
            throw new ProtocolException("type must be a string, got " + kind(typeNode) + ".", "type");
        }
        String type = typeNode.textValue();
        if (!types.contains(type)) {
            throw new ProtocolException("Unknown message type \"" + abbreviate(type) + "\"; allowed: "
                    + String.join(", ", types) + ".", "type");
        }
        return new MessageFields(type, root);
    }

    String type() {
        return type;
    }

    JsonNode root() {
        return root;
    }

    /** What a JSON value is, for messages: "the number 3", "an object", "the string \"x\"". */
    static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "the string \"" + abbreviate(node.textValue()) + "\"";
        }
        if (node.isNumber()) {
            return "the number " + abbreviate(node.asText());
        }
        if (node.isBoolean()) {
            return node.asText();
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isArray()) {
            return "an array";
        }
        return "an object";
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static String describe(JsonProcessingException e) {
        String original = e.getOriginalMessage();
        int newline = original == null ? -1 : original.indexOf('\n');
        String first = original == null ? "unreadable" : newline < 0 ? original : original.substring(0, newline);
        JsonLocation at = e.getLocation();
        if (at == null) {
            return first + ".";
        }
        return first + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ").";
    }
}
