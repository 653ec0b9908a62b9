package org.layerlab.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads points a user brings: CSV or JSON text into {@link UserData}. Every bad row is reported,
 * not just the first, in a {@link DataFormatException} with 1-based line numbers of the original
 * text.
 *
 * <p><b>CSV.</b> Columns x, y, label and optionally split. With a header line (recognised because
 * none of its fields is a number) the columns may come in any order; x1 and x2 are accepted for x
 * and y. Without a header the order is x, y, label[, split]. Fields are separated by commas, or by
 * semicolons when the first line that holds data or the header contains one; quotes around a field
 * are dropped, but a quoted field may not contain the separator. Blank lines and lines starting
 * with {@code #} are skipped. Numbers are written with a decimal point and may use an exponent
 * ({@code 1e-3}). The split column says {@code train} or {@code test} (any case).
 *
 * <p><b>JSON.</b> Exactly one of two shapes: {@code [{"x": 1, "y": 2, "label": 1, "split": "train"}, ...]}
 * (split optional, but then on every element) or {@code [[x, y, label], ...]}.
 *
 * <p><b>Limits.</b> At least {@value #MIN_POINTS} points, at most {@value #MAX_POINTS}, text at most
 * 10 MB; coordinates within ±{@value #MAX_ABS_COORDINATE} (see {@link #MAX_ABS_COORDINATE}).
 *
 * <p><b>Labels.</b> When every label is 0 or 1 the set is taken as two classes and 0 becomes -1,
 * so it trains like TF's ±1 sets (+1 stays +1). See {@link #inferTask} for how the problem is read
 * from the labels.
 */
public final class UserPoints {
    private UserPoints() {
    }

    public static final int MIN_POINTS = 2;
    public static final int MAX_POINTS = 100_000;
    /** 10 MB, counted in characters (the text is already decoded). */
    public static final int MAX_TEXT_CHARS = 10 * 1024 * 1024;
    /**
     * The largest |x| or |y|. Why a limit: the network sees x², x·y and sin x of the coordinates,
     * and the decision map is drawn over the plane the points span. Beyond ±1000 the squared
     * features pass 10⁶ and saturate every neuron, and the float32 maps lose the detail of the
     * plane; such data wants rescaling first.
     */
    public static final double MAX_ABS_COORDINATE = 1000;

    private static final String WHY_COORDINATE_LIMIT =
            "larger coordinates saturate every neuron through x² and x·y; rescale the data";

    /** Reads CSV text; see the class comment for the accepted format. */
    public static UserData parseCsv(String text) {
        return new CsvReader(checkText(text)).read();
    }

    /** Reads JSON text in one of the two accepted shapes; see the class comment. */
    public static UserData parseJson(String text) {
        return new JsonPoints(checkText(text)).read();
    }

    /**
     * The problem posed by these labels: all ±1 (or all 0/1) → two-class classification; all
     * whole numbers in 0..k-1 with 3 ≤ k ≤ {@value Task#MAX_CLASSES} → k-class; anything else →
     * regression. k is one more than the largest label, so a class with no points still counts.
     */
    public static Task inferTask(List<Point> points) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("points must not be empty to infer a problem");
        }
        boolean allPlusMinusOne = true;
        boolean allZeroOne = true;
        boolean allClassIndices = true;
        int largestLabel = 0;
        for (Point p : points) {
            double label = p.label();
            if (label != 1 && label != -1) {
                allPlusMinusOne = false;
            }
            if (label != 0 && label != 1) {
                allZeroOne = false;
            }
            if (label >= 0 && label < Task.MAX_CLASSES && label == Math.rint(label)) {
                largestLabel = Math.max(largestLabel, (int) label);
            } else {
                allClassIndices = false;
            }
        }
        if (allPlusMinusOne || allZeroOne) {
            return Task.CLASSIFICATION;
        }
        if (allClassIndices && largestLabel + 1 >= 3) {
            return Task.multiclass(largestLabel + 1);
        }
        return Task.REGRESSION;
    }

    /**
     * When every label is 0 or 1, the same points with 0 relabelled -1 (TF's two-class
     * convention); otherwise the points unchanged.
     */
    public static List<Point> zeroOneToPlusMinusOne(List<Point> points) {
        boolean hasZero = false;
        for (Point p : points) {
            double label = p.label();
            if (label == 0) {
                hasZero = true;
            } else if (label != 1) {
                return points;
            }
        }
        if (!hasZero) {
            return points;
        }
        List<Point> relabelled = new ArrayList<>(points.size());
        for (Point p : points) {
            relabelled.add(p.label() == 0 ? new Point(p.x(), p.y(), -1) : p);
        }
        return relabelled;
    }

    // ---- shared by the CSV and JSON readers ----

    private static String checkText(String text) {
        if (text == null) {
            throw new DataFormatException("no data was given");
        }
        if (text.length() > MAX_TEXT_CHARS) {
            throw new DataFormatException("the data is " + text.length() + " characters long; at most "
                    + MAX_TEXT_CHARS + " (10 MB) are accepted");
        }
        // A byte-order mark left by some spreadsheet programs is not part of the data.
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    static DataFormatException tooManyPoints(int line) {
        return new DataFormatException(List.of(new RowError(line,
                "more than " + MAX_POINTS + " points; at most " + MAX_POINTS + " are accepted")));
    }

    /** Null when {@code value} is an acceptable x or y, else why not. */
    static String coordinateProblem(String name, double value, String shown) {
        if (Math.abs(value) > MAX_ABS_COORDINATE) {
            return name + " " + shown + " is outside [-" + (int) MAX_ABS_COORDINATE + ", "
                    + (int) MAX_ABS_COORDINATE + "]: " + WHY_COORDINATE_LIMIT;
        }
        return null;
    }

    /** Null when {@code raw} is "train" or "test" in any case, else why not. */
    static String splitProblem(String raw) {
        if (raw.isEmpty()) {
            return "split is empty (use train or test)";
        }
        String lower = raw.toLowerCase(Locale.ROOT);
        if (!lower.equals("train") && !lower.equals("test")) {
            return "split '" + raw + "' is not train or test";
        }
        return null;
    }

    static boolean isTrain(String raw) {
        return raw.toLowerCase(Locale.ROOT).equals("train");
    }

    /** The checks on the set as a whole, then the label normalisation. */
    static UserData finish(List<Point> points, boolean[] isTrain, List<RowError> errors) {
        if (!errors.isEmpty()) {
            List<RowError> sorted = new ArrayList<>(errors);
            sorted.sort(Comparator.comparingInt(RowError::line));  // stable: same-line order kept
            throw new DataFormatException(sorted);
        }
        if (points.size() < MIN_POINTS) {
            throw new DataFormatException("the data has " + points.size() + " point"
                    + (points.size() == 1 ? "" : "s") + "; at least " + MIN_POINTS + " are needed");
        }
        if (isTrain != null) {
            boolean anyTrain = false;
            for (boolean flag : isTrain) {
                anyTrain |= flag;
            }
            if (!anyTrain) {
                throw new DataFormatException("the split marks every point as test; at least 1 must be train");
            }
        }
        return new UserData(zeroOneToPlusMinusOne(points), isTrain);
    }

    static boolean[] toArray(List<Boolean> flags) {
        boolean[] array = new boolean[flags.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = flags.get(i);
        }
        return array;
    }

    // ---- CSV ----

    /** A decimal number with an optional exponent; no hex, no NaN, no Infinity, no "1d" suffixes. */
    private static final Pattern CSV_NUMBER = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?\\d*,\\d+");
    private static final Pattern NON_FINITE_WORD = Pattern.compile("[+-]?(?:nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

    /** Where each column is: indices into a row's fields, split -1 when absent. */
    private record Columns(int x, int y, int label, int split, int count, String names) {
    }

    private static final class CsvReader {
        private final String text;
        private final List<Point> points = new ArrayList<>();
        private final List<Boolean> flags = new ArrayList<>();
        private final List<RowError> errors = new ArrayList<>();
        private char separator;
        private Columns columns;
        private String columnsOrigin;
        private int dataRows;

        CsvReader(String text) {
            this.text = text;
        }

        UserData read() {
            int lineNumber = 0;
            int start = 0;
            int length = text.length();
            while (start <= length) {
                int end = start;
                while (end < length && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                    end++;
                }
                lineNumber++;
                readLine(text.substring(start, end).strip(), lineNumber);
                if (end < length && text.charAt(end) == '\r' && end + 1 < length && text.charAt(end + 1) == '\n') {
                    end++;
                }
                start = end + 1;
            }
            if (columns == null) {
                throw new DataFormatException("the data has no points; at least " + MIN_POINTS + " are needed");
            }
            boolean[] isTrain = columns.split() >= 0 ? toArray(flags) : null;
            return finish(points, isTrain, errors);
        }

        private void readLine(String line, int lineNumber) {
            if (line.isEmpty() || line.startsWith("#")) {
                return;
            }
            if (separator == 0) {
                separator = line.indexOf(';') >= 0 ? ';' : ',';
            }
            String[] fields = splitFields(line);
            if (columns == null) {
                if (isHeader(fields)) {
                    columns = headerColumns(fields, lineNumber);
                    columnsOrigin = "the header";
                    return;
                }
                columns = fields.length == 4
                        ? new Columns(0, 1, 2, 3, 4, "x, y, label, split")
                        : new Columns(0, 1, 2, -1, 3, "x, y, label");
                columnsOrigin = "the first row";
            }
            dataRows++;
            if (dataRows > MAX_POINTS) {
                throw tooManyPoints(lineNumber);
            }
            readRow(fields, lineNumber);
        }

        private String[] splitFields(String line) {
            // ',' and ';' are not regex metacharacters, so String.split takes its no-regex fast path.
            String[] fields = line.split(String.valueOf(separator), -1);
            for (int i = 0; i < fields.length; i++) {
                String field = fields[i].strip();
                if (field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"")) {
                    field = field.substring(1, field.length() - 1).strip();
                }
                fields[i] = field;
            }
            return fields;
        }

        private boolean isHeader(String[] fields) {
            for (String field : fields) {
                if (CSV_NUMBER.matcher(field).matches()) {
                    return false;
                }
            }
            return true;
        }

        private Columns headerColumns(String[] fields, int lineNumber) {
            int x = -1;
            int y = -1;
            int label = -1;
            int split = -1;
            List<RowError> headerErrors = new ArrayList<>();
            for (int i = 0; i < fields.length; i++) {
                String name = fields[i].toLowerCase(Locale.ROOT);
                int previous;
                switch (name) {
                    case "x":
                    case "x1":
                        previous = x;
                        x = i;
                        break;
                    case "y":
                    case "x2":
                        previous = y;
                        y = i;
                        break;
                    case "label":
                        previous = label;
                        label = i;
                        break;
                    case "split":
                        previous = split;
                        split = i;
                        break;
                    default:
                        headerErrors.add(new RowError(lineNumber, name.isEmpty()
                                ? "header column " + (i + 1) + " has no name (allowed: x, y, label, split)"
                                : "header column '" + fields[i] + "' is unknown (allowed: x, y, label, split)"));
                        continue;
                }
                if (previous >= 0) {
                    headerErrors.add(new RowError(lineNumber, "header names column '" + fields[i]
                            + "' twice (columns " + (previous + 1) + " and " + (i + 1) + ")"));
                }
            }
            String[] required = {"x", "y", "label"};
            int[] found = {x, y, label};
            for (int k = 0; k < required.length; k++) {
                if (found[k] < 0) {
                    headerErrors.add(new RowError(lineNumber, "header has no '" + required[k] + "' column"));
                }
            }
            if (!headerErrors.isEmpty()) {
                throw new DataFormatException(headerErrors);
            }
            return new Columns(x, y, label, split, fields.length, String.join(", ", fields));
        }

        private void readRow(String[] fields, int lineNumber) {
            if (fields.length != columns.count()) {
                errors.add(new RowError(lineNumber, "expected " + columns.count() + " values ("
                        + columns.names() + ", as in " + columnsOrigin + ") but found " + fields.length));
                return;
            }
            int errorsBefore = errors.size();
            double x = number("x", fields[columns.x()], lineNumber, true);
            double y = number("y", fields[columns.y()], lineNumber, true);
            double label = number("label", fields[columns.label()], lineNumber, false);
            boolean train = false;
            if (columns.split() >= 0) {
                String raw = fields[columns.split()];
                String problem = splitProblem(raw);
                if (problem != null) {
                    errors.add(new RowError(lineNumber, problem));
                } else {
                    train = isTrain(raw);
                }
            }
            if (errors.size() == errorsBefore) {
                points.add(new Point(x, y, label));
                flags.add(train);
            }
        }

        /** The number in {@code raw}, or NaN after recording why it is not acceptable. */
        private double number(String name, String raw, int lineNumber, boolean isCoordinate) {
            String problem = null;
            double value = Double.NaN;
            if (raw.isEmpty()) {
                problem = name + " is empty";
            } else if (NON_FINITE_WORD.matcher(raw).matches()) {
                problem = name + " '" + raw + "' is not a finite number";
            } else if (!CSV_NUMBER.matcher(raw).matches()) {
                problem = name + " '" + raw + "' is not a number"
                        + (DECIMAL_COMMA.matcher(raw).matches() ? " (write decimals with a point, like "
                        + raw.replace(',', '.') + ")" : "");
            } else {
                value = Double.parseDouble(raw);
                if (!Double.isFinite(value)) {
                    problem = name + " '" + raw + "' is not a finite number (too large)";
                } else if (isCoordinate) {
                    problem = coordinateProblem(name, value, raw);
                }
            }
            if (problem != null) {
                errors.add(new RowError(lineNumber, problem));
                return Double.NaN;
            }
            return value;
        }
    }
}
