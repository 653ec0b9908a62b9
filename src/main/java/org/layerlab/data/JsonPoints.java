package org.layerlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A small, strict reader for exactly two JSON shapes of points:
 * {@code [{"x": 1, "y": 2, "label": 1, "split": "train"}, ...]} and {@code [[x, y, label], ...]}.
 * The data package uses only the JDK, and a full JSON library would accept shapes we would then
 * have to reject anyway; this reader knows the shape, so its errors can say which element (0-based
 * index) on which line is wrong. A syntax error stops the reading; a wrong value is recorded and
 * reading goes on, so every bad element is reported at once.
 */
final class JsonPoints {
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?");
    private static final String SHAPES =
            "[{\"x\": 1, \"y\": 2, \"label\": 1}, ...] or [[1, 2, 1], ...]";

    private enum Kind { NUMBER, STRING, LITERAL, INVALID }

    /** One scalar value as read: its kind, its text as written, its number, where it began. */
    private record Scalar(Kind kind, String text, double number, int line) {
    }

    private final String text;
    private int pos;
    private int line = 1;
    /** The 0-based index of the element being read, -1 before the first. */
    private int element = -1;
    private final List<Point> points = new ArrayList<>();
    private final List<Boolean> flags = new ArrayList<>();
    private final List<RowError> errors = new ArrayList<>();
    /** Lines of elements without a split, to report when other elements have one. */
    private final List<int[]> withoutSplit = new ArrayList<>();
    private boolean anySplit;
    /** How many errors there were when the current element began: more means it is bad. */
    private int errorsBeforeElement;

    JsonPoints(String text) {
        this.text = text;
    }

    UserData read() {
        skipWhitespace();
        if (pos >= text.length()) {
            throw new DataFormatException("the data is empty; expected " + SHAPES);
        }
        if (peek() != '[') {
            throw syntax("the data must be a JSON array of points, like " + SHAPES);
        }
        pos++;
        skipWhitespace();
        if (peek() == ']') {
            pos++;
        } else {
            while (true) {
                element++;
                if (element >= UserPoints.MAX_POINTS) {
                    throw UserPoints.tooManyPoints(line);
                }
                readElement();
                skipWhitespace();
                char c = peek();
                if (c == ',') {
                    pos++;
                    skipWhitespace();
                    if (peek() == ']') {
                        throw syntax("a comma after the last element is not allowed in JSON");
                    }
                } else if (c == ']') {
                    pos++;
                    break;
                } else {
                    throw syntax("expected ',' or ']' after the element but found " + describe(c));
                }
            }
        }
        skipWhitespace();
        if (pos < text.length()) {
            element = -1;
            throw syntax("unexpected " + describe(peek()) + " after the closing ']'");
        }
        boolean[] isTrain = null;
        if (anySplit) {
            for (int[] missing : withoutSplit) {
                errors.add(new RowError(missing[1], "element [" + missing[0]
                        + "] has no split but other elements do (give every point a split, or none)"));
            }
            isTrain = UserPoints.toArray(flags);
        }
        return UserPoints.finish(points, isTrain, errors);
    }

    private void readElement() {
        int elementLine = line;
        errorsBeforeElement = errors.size();
        char c = peek();
        if (c == '{') {
            readObject(elementLine);
        } else if (c == '[') {
            readArray(elementLine);
        } else {
            throw syntax("each element must be an object like {\"x\": 1, \"y\": 2, \"label\": 1}"
                    + " or an array like [1, 2, 1], but found " + describe(c));
        }
    }

    private void readObject(int elementLine) {
        pos++;  // '{'
        Scalar x = null;
        Scalar y = null;
        Scalar label = null;
        Scalar split = null;
        skipWhitespace();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw syntax("expected a key in double quotes but found " + describe(peek()));
                }
                int keyLine = line;
                String key = readString();
                skipWhitespace();
                if (peek() != ':') {
                    throw syntax("expected ':' after the key \"" + key + "\" but found " + describe(peek()));
                }
                pos++;
                skipWhitespace();
                Scalar value = readScalar("\"" + key + "\"");
                boolean duplicate = false;
                switch (key) {
                    case "x":
                        duplicate = x != null;
                        x = value;
                        break;
                    case "y":
                        duplicate = y != null;
                        y = value;
                        break;
                    case "label":
                        duplicate = label != null;
                        label = value;
                        break;
                    case "split":
                        duplicate = split != null;
                        split = value;
                        break;
                    default:
                        error(keyLine, "key \"" + key + "\" is unknown (allowed: x, y, label, split)");
                }
                if (duplicate) {
                    error(keyLine, "key \"" + key + "\" appears twice");
                }
                skipWhitespace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == '}') {
                    pos++;
                    break;
                } else {
                    throw syntax("expected ',' or '}' in the object but found " + describe(c));
                }
            }
        }
        double xValue = coordinate("x", x, elementLine);
        double yValue = coordinate("y", y, elementLine);
        double labelValue = number("label", label, elementLine);
        boolean train = false;
        if (split == null) {
            withoutSplit.add(new int[] {element, elementLine});
        } else {
            anySplit = true;
            if (split.kind() != Kind.STRING) {
                if (split.kind() != Kind.INVALID) {
                    error(split.line(), "split must be the string \"train\" or \"test\", found " + split.text());
                }
            } else {
                String problem = UserPoints.splitProblem(split.text());
                if (problem != null) {
                    error(split.line(), problem);
                } else {
                    train = UserPoints.isTrain(split.text());
                }
            }
        }
        if (errors.size() == errorsBeforeElement) {
            points.add(new Point(xValue, yValue, labelValue));
            flags.add(train);
        }
    }

    private void readArray(int elementLine) {
        pos++;  // '['
        List<Scalar> values = new ArrayList<>(3);
        skipWhitespace();
        if (peek() == ']') {
            pos++;
        } else {
            while (true) {
                skipWhitespace();
                values.add(readScalar("value " + values.size()));
                skipWhitespace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == ']') {
                    pos++;
                    break;
                } else {
                    throw syntax("expected ',' or ']' in [x, y, label] but found " + describe(c));
                }
            }
        }
        if (values.size() != 3) {
            error(elementLine, "expected 3 values [x, y, label] but found " + values.size());
            withoutSplit.add(new int[] {element, elementLine});
            return;
        }
        double xValue = coordinate("x", values.get(0), elementLine);
        double yValue = coordinate("y", values.get(1), elementLine);
        double labelValue = number("label", values.get(2), elementLine);
        withoutSplit.add(new int[] {element, elementLine});
        if (errors.size() == errorsBeforeElement) {
            points.add(new Point(xValue, yValue, labelValue));
            flags.add(false);
        }
    }

    private double coordinate(String name, Scalar value, int elementLine) {
        double number = number(name, value, elementLine);
        if (!Double.isNaN(number)) {
            String problem = UserPoints.coordinateProblem(name, number, value.text());
            if (problem != null) {
                error(value.line(), problem);
                return Double.NaN;
            }
        }
        return number;
    }

    /** The number in {@code value}, or NaN after recording why there is none. */
    private double number(String name, Scalar value, int elementLine) {
        if (value == null) {
            error(elementLine, "key \"" + name + "\" is missing");
            return Double.NaN;
        }
        switch (value.kind()) {
            case NUMBER:
                if (!Double.isFinite(value.number())) {
                    error(value.line(), name + " " + value.text() + " is not a finite number (too large)");
                    return Double.NaN;
                }
                return value.number();
            case STRING:
                error(value.line(), name + " must be a number, found the string \"" + value.text() + "\"");
                return Double.NaN;
            case LITERAL:
                error(value.line(), name + " must be a number, found " + value.text());
                return Double.NaN;
            default:
                return Double.NaN;  // already reported where it was read
        }
    }

    /** A string, number, true, false or null; a nested array or object is a syntax error. */
    private Scalar readScalar(String what) {
        int valueLine = line;
        char c = peek();
        if (c == '"') {
            return new Scalar(Kind.STRING, readString(), Double.NaN, valueLine);
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            int start = pos;
            while (pos < text.length() && "+-.eE0123456789".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            String number = text.substring(start, pos);
            if (!JSON_NUMBER.matcher(number).matches()) {
                pos = start;
                throw syntax(what + ": '" + number + "' is not a JSON number");
            }
            return new Scalar(Kind.NUMBER, number, Double.parseDouble(number), valueLine);
        }
        if (Character.isLetter(c)) {
            int start = pos;
            while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                pos++;
            }
            String word = text.substring(start, pos);
            if (word.equals("true") || word.equals("false") || word.equals("null")) {
                return new Scalar(Kind.LITERAL, word, Double.NaN, valueLine);
            }
            // NaN and Infinity are not JSON; say so, and go on to find the other bad elements.
            error(valueLine, what + ": " + word + (word.equals("NaN") || word.startsWith("Infinity")
                    ? " is not a finite number (JSON has no NaN or Infinity)"
                    : " is not a JSON value"));
            return new Scalar(Kind.INVALID, word, Double.NaN, valueLine);
        }
        if (c == '[' || c == '{') {
            throw syntax(what + " must be a number or a string, not " + (c == '[' ? "an array" : "an object"));
        }
        throw syntax(what + ": expected a value but found " + describe(c));
    }

    /** A string at {@code pos} (which is a '"'), with JSON's escapes resolved. */
    private String readString() {
        int startLine = line;
        pos++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                line = startLine;
                throw syntax("a string is not closed with '\"'");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return value.toString();
            }
            if (c < 0x20) {
                pos--;
                throw syntax("a string may not contain a line break or control character; close it with '\"'");
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw syntax("a string is not closed with '\"'");
            }
            char escaped = text.charAt(pos++);
            switch (escaped) {
                case '"': value.append('"'); break;
                case '\\': value.append('\\'); break;
                case '/': value.append('/'); break;
                case 'b': value.append('\b'); break;
                case 'f': value.append('\f'); break;
                case 'n': value.append('\n'); break;
                case 'r': value.append('\r'); break;
                case 't': value.append('\t'); break;
                case 'u':
                    if (pos + 4 > text.length()) {
                        throw syntax("\\u must be followed by 4 hex digits");
                    }
                    try {
                        value.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException e) {
                        throw syntax("\\u must be followed by 4 hex digits");
                    }
                    pos += 4;
                    break;
                default:
                    pos -= 2;
                    throw syntax("'\\" + escaped + "' is not a JSON escape");
            }
        }
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
            } else if (c == '\r') {
                // \r\n is one line break; a lone \r (old Mac files) is one too.
                if (pos + 1 >= text.length() || text.charAt(pos + 1) != '\n') {
                    line++;
                }
            } else if (c != ' ' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    /** The character at {@code pos}, or 0 at the end of the text. */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private static String describe(char c) {
        return c == 0 ? "the end of the data" : "'" + c + "'";
    }

    private void error(int errorLine, String message) {
        errors.add(new RowError(errorLine, prefix() + message));
    }

    /** A syntax error stops the reading; it is reported with the value errors found so far. */
    private DataFormatException syntax(String message) {
        List<RowError> all = new ArrayList<>(errors);
        all.add(new RowError(line, prefix() + message));
        all.sort(java.util.Comparator.comparingInt(RowError::line));
        return new DataFormatException(all);
    }

    private String prefix() {
        return element >= 0 ? "element [" + element + "]: " : "";
    }
}
