package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UserPointsJsonTest {

    private static DataFormatException failure(String json) {
        return assertThrows(DataFormatException.class, () -> UserPoints.parseJson(json));
    }

    @Test
    void readsObjectsWithASplit() {
        String json = "[\n"
                + "  {\"x\": 1, \"y\": 2.5, \"label\": 1, \"split\": \"train\"},\n"
                + "  {\"label\": -1, \"split\": \"TEST\", \"y\": -1e-3, \"x\": -0.5}\n"
                + "]";
        UserData data = UserPoints.parseJson(json);
        assertEquals(List.of(new Point(1, 2.5, 1), new Point(-0.5, -0.001, -1)), data.points());
        assertArrayEquals(new boolean[] {true, false}, data.isTrain());
    }

    @Test
    void readsObjectsWithoutASplit() {
        UserData data = UserPoints.parseJson("[{\"x\":0,\"y\":0,\"label\":0},{\"x\":1,\"y\":1,\"label\":1}]");
        assertNull(data.isTrain());
        assertEquals(List.of(new Point(0, 0, -1), new Point(1, 1, 1)), data.points(), "0/1 become -1/+1");
    }

    @Test
    void readsArraysOfThree() {
        UserData data = UserPoints.parseJson("[[1, 2, 0], [3, 4, 1], [5, 6, 2]]");
        assertEquals(List.of(new Point(1, 2, 0), new Point(3, 4, 1), new Point(5, 6, 2)), data.points());
        assertEquals(Task.multiclass(3), data.task());
    }

    @Test
    void reportsEveryBadElementWithIndexAndLine() {
        String json = "[\n"                                            // 1
                + "  {\"x\": 1, \"y\": 2, \"label\": 1},\n"             // 2  element 0 fine
                + "  {\"x\": \"a\", \"y\": 2, \"label\": 1},\n"         // 3  element 1
                + "  {\"x\": 1, \"label\": 1},\n"                       // 4  element 2
                + "  {\"x\": 1, \"y\": 2,\n"                            // 5  element 3 ...
                + "   \"label\": NaN, \"z\": 0},\n"                     // 6  ... bad label and key
                + "  {\"x\": 2000, \"y\": 2, \"label\": true}\n"        // 7  element 4
                + "]";
        DataFormatException e = failure(json);
        assertEquals(List.of(
                new RowError(3, "element [1]: x must be a number, found the string \"a\""),
                new RowError(4, "element [2]: key \"y\" is missing"),
                new RowError(6, "element [3]: \"label\": NaN is not a finite number (JSON has no NaN or Infinity)"),
                new RowError(6, "element [3]: key \"z\" is unknown (allowed: x, y, label, split)"),
                new RowError(7, "element [4]: x 2000 is outside [-1000, 1000]: larger coordinates saturate"
                        + " every neuron through x² and x·y; rescale the data"),
                new RowError(7, "element [4]: label must be a number, found true")), e.errors());
        assertTrue(e.getMessage().startsWith("6 problems in the data:\nline 3: element [1]:"), e.getMessage());
    }

    @Test
    void syntaxErrorsNameTheLineAndElement() {
        DataFormatException e = failure("[\n[1, 2, 1],\n[3, 4 1]\n]");
        assertEquals(List.of(new RowError(3, "element [1]: expected ',' or ']' in [x, y, label] but found '1'")),
                e.errors());

        e = failure("[[1,2,1],[3,4,1],]");
        assertTrue(e.getMessage().contains("line 1: element [1]: a comma after the last element"), e.getMessage());

        e = failure("[[1,2,1],\n\n [3,4,-1]");
        assertEquals(List.of(new RowError(3, "element [1]: expected ',' or ']' after the element but found the end of the data")),
                e.errors());

        e = failure("{\"x\": 1}");
        assertTrue(e.getMessage().contains("must be a JSON array"), e.getMessage());

        e = failure("[[1,2,1],[3,4,-1]] extra");
        assertTrue(e.getMessage().contains("after the closing ']'"), e.getMessage());

        e = failure("[[1, [2], 1]]");
        assertTrue(e.getMessage().contains("element [0]: value 1 must be a number or a string, not an array"),
                e.getMessage());

        e = failure("[[01, 2, 1]]");
        assertTrue(e.getMessage().contains("'01' is not a JSON number"), e.getMessage());
    }

    @Test
    void valueErrorsFoundBeforeASyntaxErrorAreKept() {
        DataFormatException e = failure("[[1, 2, \"a\"],\n[1, 2 3]]");
        assertEquals(2, e.errors().size());
        assertEquals(1, e.errors().get(0).line());
        assertEquals(2, e.errors().get(1).line());
    }

    @Test
    void wrongArrayLengthAndMixedSplitsAreReported() {
        DataFormatException e = failure("[[1, 2], [1, 2, 1, 0],\n"
                + "{\"x\":1,\"y\":1,\"label\":1,\"split\":\"train\"},\n"
                + "{\"x\":1,\"y\":1,\"label\":1}]");
        assertEquals(List.of(
                new RowError(1, "element [0]: expected 3 values [x, y, label] but found 2"),
                new RowError(1, "element [1]: expected 3 values [x, y, label] but found 4"),
                new RowError(1, "element [0] has no split but other elements do (give every point a split, or none)"),
                new RowError(1, "element [1] has no split but other elements do (give every point a split, or none)"),
                new RowError(3, "element [3] has no split but other elements do (give every point a split, or none)")),
                e.errors());
    }

    @Test
    void unknownSplitValueIsReported() {
        DataFormatException e = failure("[{\"x\":1,\"y\":1,\"label\":1,\"split\":\"train\"},"
                + "{\"x\":1,\"y\":1,\"label\":1,\"split\":\"dev\"}]");
        assertEquals(List.of(new RowError(1, "element [1]: split 'dev' is not train or test")), e.errors());
    }

    @Test
    void emptyAndSinglePointDataIsRefused() {
        assertTrue(failure("").getMessage().contains("empty"));
        assertTrue(failure("  []  ").getMessage().contains("at least 2"));
        assertEquals("the data has 1 point; at least 2 are needed", failure("[[1,2,1]]").getMessage());
    }

    @Test
    void escapesInStringsAreResolved() {
        UserData data = UserPoints.parseJson("[{\"x\":1,\"y\":1,\"label\":1,\"split\":\"tr\\u0061in\"},"
                + "{\"x\":1,\"y\":1,\"label\":-1,\"split\":\"test\"}]");
        assertArrayEquals(new boolean[] {true, false}, data.isTrain());
    }

    @Test
    void windowsLineBreaksCountOnce() {
        DataFormatException e = failure("[\r\n[1,2,1],\r\n[1,2,\"x\"]\r\n]");
        assertEquals(3, e.errors().get(0).line());
    }
}
