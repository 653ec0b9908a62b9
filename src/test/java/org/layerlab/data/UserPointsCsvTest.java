package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UserPointsCsvTest {

    private static DataFormatException failure(String csv) {
        return assertThrows(DataFormatException.class, () -> UserPoints.parseCsv(csv));
    }

    private static String lines(String... lines) {
        return String.join("\n", lines);
    }

    @Test
    void readsRowsWithoutHeaderInXYLabelOrder() {
        UserData data = UserPoints.parseCsv(lines("1,2,1", "-3.5,4e-1,-1", "0.25 , -1E2 , 1"));
        assertEquals(List.of(new Point(1, 2, 1), new Point(-3.5, 0.4, -1), new Point(0.25, -100, 1)), data.points());
        assertNull(data.isTrain());
        assertFalse(data.hasSplit());
        assertEquals(Task.CLASSIFICATION, data.task());
    }

    @Test
    void readsAHeaderInAnyOrderWithASplitColumn() {
        UserData data = UserPoints.parseCsv(lines("split,label,y,x", "train,1,2,3", "TEST,-1,5,4", "Train,1,0,0"));
        assertEquals(List.of(new Point(3, 2, 1), new Point(4, 5, -1), new Point(0, 0, 1)), data.points());
        assertArrayEquals(new boolean[] {true, false, true}, data.isTrain());
    }

    @Test
    void readsASplitColumnWithoutHeader() {
        UserData data = UserPoints.parseCsv(lines("1,2,1,train", "3,4,-1,test"));
        assertArrayEquals(new boolean[] {true, false}, data.isTrain());
    }

    @Test
    void skipsBlankAndCommentLinesAndAcceptsSemicolonsQuotesAndCrLf() {
        String csv = "# my points\r\n\r\n\"x\";\"y\";\"label\"\r\n1;2;0\r\n  \r\n# more\r\n3;4;1\r\n";
        UserData data = UserPoints.parseCsv(csv);
        // 0/1 labels become -1/+1.
        assertEquals(List.of(new Point(1, 2, -1), new Point(3, 4, 1)), data.points());
    }

    @Test
    void acceptsX1X2AsColumnNamesAndABom() {
        UserData data = UserPoints.parseCsv("\uFEFFx1,x2,label\n1,2,0.5\n3,4,-0.25\n");
        assertEquals(List.of(new Point(1, 2, 0.5), new Point(3, 4, -0.25)), data.points());
        assertEquals(Task.REGRESSION, data.task());
    }

    @Test
    void multiClassLabelsAreKept() {
        UserData data = UserPoints.parseCsv(lines("x,y,label", "0,0,0", "1,1,1", "2,2,2"));
        assertEquals(Task.multiclass(3), data.task());
        assertEquals(2, data.points().get(2).label());
    }

    @Test
    void reportsEveryBadRowWithItsOriginalLineNumber() {
        String csv = lines(
                "# header follows",       // 1
                "x,y,label",              // 2
                "1,2,1",                  // 3
                "abc,2,1",                // 4
                "",                       // 5
                "1,2",                    // 6
                "1,2,1",                  // 7
                "5000,2,NaN",             // 8
                "1,2,-1",                 // 9
                "1,,xyz");                // 10
        DataFormatException e = failure(csv);
        List<RowError> errors = e.errors();
        assertEquals(List.of(
                new RowError(4, "x 'abc' is not a number"),
                new RowError(6, "expected 3 values (x, y, label, as in the header) but found 2"),
                new RowError(8, "x 5000 is outside [-1000, 1000]: larger coordinates saturate every neuron"
                        + " through x² and x·y; rescale the data"),
                new RowError(8, "label 'NaN' is not a finite number"),
                new RowError(10, "y is empty"),
                new RowError(10, "label 'xyz' is not a number")), errors);
        assertTrue(e.getMessage().startsWith("6 problems in the data:\nline 4: x 'abc' is not a number\n"),
                e.getMessage());
        assertTrue(e.getMessage().contains("line 10: label 'xyz' is not a number"), e.getMessage());
    }

    @Test
    void theMessageListsTheFirstTwentyProblemsAndCountsTheRest() {
        StringBuilder csv = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 25; i++) {
            csv.append("1,2,bad").append(i).append('\n');
        }
        DataFormatException e = failure(csv.toString());
        assertEquals(25, e.errors().size());
        assertEquals(26, e.errors().get(24).line());
        assertTrue(e.getMessage().contains("line 21: label 'bad19' is not a number"), e.getMessage());
        assertFalse(e.getMessage().contains("bad20"), e.getMessage());
        assertTrue(e.getMessage().endsWith("... and 5 more"), e.getMessage());
    }

    @Test
    void emptyTextHasNoPoints() {
        for (String empty : new String[] {"", "\n\n", "# only a comment\n", "x,y,label\n"}) {
            DataFormatException e = failure(empty);
            assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
            assertTrue(e.errors().isEmpty());
        }
        assertThrows(DataFormatException.class, () -> UserPoints.parseCsv(null));
    }

    @Test
    void onePointIsNotEnough() {
        DataFormatException e = failure("1,2,1\n");
        assertEquals("the data has 1 point; at least 2 are needed", e.getMessage());
    }

    @Test
    void infinityAndOverflowingNumbersAreNotFinite() {
        DataFormatException e = failure(lines("1,2,1", "Infinity,2,1", "1,-inf,1", "1e400,2,1"));
        assertEquals(List.of(
                new RowError(2, "x 'Infinity' is not a finite number"),
                new RowError(3, "y '-inf' is not a finite number"),
                new RowError(4, "x '1e400' is not a finite number (too large)")), e.errors());
    }

    @Test
    void hugeCoordinatesAreRejectedButTheLimitItselfIsAccepted() {
        assertEquals(2, UserPoints.parseCsv(lines("1000,-1000,1", "-1000,1000,-1")).points().size());
        DataFormatException e = failure(lines("1000.5,0,1", "0,-2e3,1"));
        assertEquals(2, e.errors().size());
        assertTrue(e.errors().get(0).message().startsWith("x 1000.5 is outside [-1000, 1000]"));
        assertTrue(e.errors().get(1).message().startsWith("y -2e3 is outside [-1000, 1000]"));
    }

    @Test
    void wrongColumnCountsAreNamedAgainstTheFirstRow() {
        DataFormatException e = failure(lines("1,2,1", "1,2,1,train", "1"));
        assertEquals(List.of(
                new RowError(2, "expected 3 values (x, y, label, as in the first row) but found 4"),
                new RowError(3, "expected 3 values (x, y, label, as in the first row) but found 1")), e.errors());
    }

    @Test
    void unknownSplitValuesAreReported() {
        DataFormatException e = failure(lines("x,y,label,split", "1,2,1,train", "1,2,1,validation", "1,2,1,"));
        assertEquals(List.of(
                new RowError(3, "split 'validation' is not train or test"),
                new RowError(4, "split is empty (use train or test)")), e.errors());
    }

    @Test
    void aSplitWithoutTrainPointsIsRejected() {
        DataFormatException e = failure(lines("1,2,1,test", "3,4,-1,test"));
        assertTrue(e.getMessage().contains("every point as test"), e.getMessage());
    }

    @Test
    void badHeadersNameTheColumn() {
        DataFormatException e = failure(lines("x,y,class", "1,2,1"));
        assertEquals(List.of(
                new RowError(1, "header column 'class' is unknown (allowed: x, y, label, split)"),
                new RowError(1, "header has no 'label' column")), e.errors());
        e = failure(lines("x,x,label,y", "1,2,1,2"));
        assertTrue(e.errors().get(0).message().contains("twice"), e.getMessage());
    }

    @Test
    void decimalCommasGetAHint() {
        DataFormatException e = failure(lines("1,5;2;1", "3;4;-1"));
        assertEquals(List.of(new RowError(1, "x '1,5' is not a number (write decimals with a point, like 1.5)")),
                e.errors());
    }

    @Test
    void tooManyRowsAreRefusedEarly() {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i <= UserPoints.MAX_POINTS; i++) {
            csv.append("1,2,1\n");
        }
        DataFormatException e = failure(csv.toString());
        assertEquals(UserPoints.MAX_POINTS + 1, e.errors().get(0).line());
        assertTrue(e.getMessage().contains("at most 100000"), e.getMessage());
    }

    @Test
    void textOverTenMegabytesIsRefused() {
        String big = "#" + "x".repeat(UserPoints.MAX_TEXT_CHARS);
        DataFormatException e = failure(big);
        assertTrue(e.getMessage().contains("10 MB"), e.getMessage());
    }
}
