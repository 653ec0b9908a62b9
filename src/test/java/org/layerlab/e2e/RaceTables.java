package org.layerlab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import org.layerlab.training.Race;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The race page's result tables read back and compared with the core's {@link Race.Result}. */
final class RaceTables {
    private RaceTables() {
    }

    /** As {@code layerlab experiment} prints epochs (ExperimentCommand.epochs): whole, or one decimal, or never. */
    static String cliEpochs(double value) {
        if (Double.isInfinite(value)) {
            return "never";
        }
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String cliRatio(double ratio) {
        return Double.isNaN(ratio) ? "—" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    /** The exact number behind a cell (its data-value), +∞ for "never". */
    static double shownValue(WebElement cell) {
        String value = cell.getAttribute("data-value");
        return "never".equals(value) ? Double.POSITIVE_INFINITY : Double.parseDouble(value);
    }

    /**
     * The statistics table against {@code expected}, row by row: median, quartiles (shown text and
     * exact value) and never-reached; with {@code ratioToFirst}, also each ratio to the first contestant.
     */
    static void assertStatistics(WebDriver driver, Race.Result expected, boolean ratioToFirst) {
        List<WebElement> rows = driver.findElements(By.cssSelector("#stats-body tr"));
        assertEquals(expected.standings().size(), rows.size());
        for (int c = 0; c < rows.size(); c++) {
            Race.Standing standing = expected.standings().get(c);
            WebElement row = rows.get(c);
            String name = standing.name();
            assertEquals(name, row.findElement(By.tagName("th")).getText().trim());
            String[] kinds = {"median", "q1", "q3"};
            double[] values = {standing.median(), standing.q1(), standing.q3()};
            for (int k = 0; k < kinds.length; k++) {
                WebElement cell = row.findElement(By.cssSelector("td[data-kind='" + kinds[k] + "']"));
                assertEquals(cliEpochs(values[k]), cell.getText(), name + " " + kinds[k]);
                assertEquals(values[k], shownValue(cell), name + " " + kinds[k] + " exactly");
            }
            assertEquals(standing.notReached() + " / " + standing.runs().size(),
                    row.findElement(By.cssSelector("td[data-kind='not-reached']")).getText(), name + " not reached");
            if (ratioToFirst) {
                WebElement ratio = row.findElement(By.cssSelector("td[data-kind='ratio']"));
                assertEquals(cliRatio(standing.ratioToFirst()), ratio.getText(), name + " ratio to the first");
                if (!Double.isNaN(standing.ratioToFirst())) {
                    assertEquals(standing.ratioToFirst(), shownValue(ratio), name + " ratio exactly");
                }
            }
        }
    }

    /** Every seed's row of the seed table: the epochs of each contestant on that seed. */
    static void assertSeedTable(WebDriver driver, Race.Result expected) {
        List<WebElement> seedRows = driver.findElements(By.cssSelector("#seed-body tr"));
        assertEquals(expected.standings().get(0).runs().size(), seedRows.size());
        for (int s = 0; s < seedRows.size(); s++) {
            List<WebElement> cells = seedRows.get(s).findElements(By.cssSelector("td[data-kind='epochs']"));
            assertEquals(expected.standings().size(), cells.size());
            for (int c = 0; c < cells.size(); c++) {
                Race.Run run = expected.standings().get(c).runs().get(s);
                assertEquals(cliEpochs(run.epochsOrInfinity()), cells.get(c).getAttribute("textContent"),
                        "seed " + run.seed() + ", contestant " + c);
            }
        }
    }
}
