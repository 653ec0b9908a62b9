package org.layerlab.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.layerlab.insight.Dimensionality;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The curse-of-dimensionality page in headless Chromium: it draws its charts, and every number it
 * shows for a chosen d is the Java core's ({@link Dimensionality}) for the same points, dimensions
 * and seed, read back from the page's text.
 */
class DimensionsBrowserTest extends ServerAndBrowser {

    private static final Pattern SHOWN = Pattern.compile("([−-]?[0-9][0-9,]*(?:\\.[0-9]+)?)(%)?(?:\\s*×\\s*10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+))?");
    private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    /** The numbers in a text as the page writes them ("1,100×", "78.5%", "2.87 × 10⁻¹¹⁸⁷"), as log10 when asked. */
    static List<double[]> shownNumbers(String text) {
        List<double[]> numbers = new ArrayList<>();
        Matcher m = SHOWN.matcher(text);
        while (m.find()) {
            double mantissa = Double.parseDouble(m.group(1).replace(",", "").replace('−', '-'));
            if (m.group(2) != null) {
                mantissa /= 100;
            }
            int exponent = 0;
            if (m.group(3) != null) {
                String e = m.group(3);
                boolean negative = e.startsWith("⁻");
                int value = 0;
                for (char c : (negative ? e.substring(1) : e).toCharArray()) {
                    value = value * 10 + SUPERSCRIPTS.indexOf(c);
                }
                exponent = negative ? -value : value;
            }
            // digits shown (for the tolerance): significant digits of the mantissa
            String digits = m.group(1).replace(",", "").replace(".", "").replaceFirst("^[−-]?0*", "");
            numbers.add(new double[] {Math.log10(Math.abs(mantissa)) + exponent, mantissa, exponent,
                    Math.max(1, digits.length())});
        }
        return numbers;
    }

    /** Asserts that the text's {@code index}-th number is {@code log10Expected}, to the digits shown. */
    static void assertShownLog10(double log10Expected, String text, int index, String what) {
        List<double[]> numbers = shownNumbers(text);
        assertTrue(numbers.size() > index, what + ": no number " + index + " in \"" + text + "\"");
        double[] n = numbers.get(index);
        // a mantissa M rounded to k significant digits is off by at most half a unit in its last place
        double mantissa = Math.abs(n[1]);
        double halfUnit = 0.5 * Math.pow(10, Math.floor(Math.log10(mantissa)) - n[3] + 1);
        double tolerance = Math.log10(1 + halfUnit / mantissa) * 1.0001 + 1e-12;
        assertEquals(log10Expected, n[0], tolerance, what + " shown as \"" + text + "\"");
    }

    static void assertShown(double expected, String text, int index, String what) {
        assertShownLog10(Math.log10(expected), text, index, what);
    }

    private String text(String id) {
        return browser.driver.findElement(By.id(id)).getText();
    }

    private void openDimensions(String hash) {
        browser.driver.get(base + "/dimensions" + hash);
        waitForMeasured();
    }

    private void waitForMeasured() {
        waitUpTo(30).withMessage(() -> "status: " + text("dim-status")).until(d ->
                "ready".equals(d.findElement(By.tagName("body")).getAttribute("data-state")));
    }

    private void waitForMeasured(String key) {
        waitUpTo(30).withMessage(() -> "status: " + text("dim-status") + "; measured "
                + browser.driver.findElement(By.tagName("body")).getAttribute("data-measured")).until(d ->
                "ready".equals(d.findElement(By.tagName("body")).getAttribute("data-state"))
                        && key.equals(d.findElement(By.tagName("body")).getAttribute("data-measured")));
    }

    /** Non-transparent pixels of a canvas (a drawn chart has thousands). */
    private long paintedPixels(String selector) {
        Object count = js("const c = document.querySelector(arguments[0]);"
                + "const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let n = 0; for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++; return n;", selector);
        return ((Number) count).longValue();
    }

    /** Every number shown for the chosen d against the core's measure. */
    private void assertChosenNumbersAre(Dimensionality.Measure m, int n) {
        assertShown(m.ratioMedian(), text("chosen-ratio"), 0, "farthest ÷ nearest at d = " + m.dimension());
        assertShown(m.ratioQ1(), text("chosen-quartiles"), 0, "lower quartile");
        assertShown(m.ratioQ3(), text("chosen-quartiles"), 1, "upper quartile");
        assertShown(m.contrastMedian(), text("chosen-contrast"), 0, "relative contrast");
        assertShown(m.nearestMedian(), text("chosen-nearest"), 0, "nearest");
        assertShown(m.farthestMedian(), text("chosen-farthest"), 0, "farthest");
        assertShown(m.meanDistanceOverSqrtD(), text("chosen-mean"), 0, "mean distance over √d");
        assertShown(m.distanceCv(), text("chosen-cv"), 0, "std over mean");
        assertShownLog10(m.log10BallFraction(), text("chosen-ball"), 0, "ball fraction");
        String inside = text("chosen-ball-mc");
        if (m.pointsInBall() == 0) {
            assertEquals("none of " + n, inside);
        } else {
            assertTrue(inside.startsWith(m.pointsInBall() + " of " + n + " = "), inside);
            assertShown(m.monteCarloFraction(), inside, 2, "Monte-Carlo share");
        }
        assertShownLog10(m.log10GridSamples(), text("chosen-grid"), 0, "grid points");
        assertShownLog10(m.log10SamplesSameNearest(), text("chosen-nn"), 0, "random points, same nearest distance");
    }

    @Test
    void thePageDrawsItsChartsAndShowsTheCoresNumbersForTheChosenD() {
        openDimensions("#n=200&from=1&to=100&seed=3&n1=10");
        List<Integer> dims = List.of(1, 2, 3, 5, 10, 20, 30, 50, 100);
        assertEquals("1, 2, 3, 5, 10, 20, 30, 50, 100", text("dims-used"));
        for (String chart : List.of("ratio", "ball", "samples")) {
            WebElement root = browser.driver.findElement(By.id("chart-" + chart));
            assertEquals(String.valueOf(dims.size()), root.getAttribute("data-points"), chart + " has every d");
            assertTrue(paintedPixels("#chart-" + chart + " canvas") > 2000, chart + " is drawn");
        }
        assertTrue(paintedPixels("#histogram") > 2000, "the histogram is drawn");

        Dimensionality.Result core = Dimensionality.measure(new Dimensionality.Request(200, dims, 3, 10));
        assertEquals("10", new Select(browser.driver.findElement(By.id("chosen-d"))).getFirstSelectedOption()
                .getAttribute("value"), "d = 10 is shown first");
        assertChosenNumbersAre(core.measure(10), 200);
        new Select(browser.driver.findElement(By.id("chosen-d"))).selectByValue("50");
        waitUpTo(5).until(d -> "50".equals(d.findElement(By.tagName("body")).getAttribute("data-chosen")));
        assertChosenNumbersAre(core.measure(50), 200);

        // the table has a row per d with the same ratio, and the sentences quote the ends of the range
        for (Dimensionality.Measure m : core.measures()) {
            WebElement row = browser.driver.findElement(By.cssSelector("#numbers-body tr[data-d='" + m.dimension() + "']"));
            List<WebElement> cells = row.findElements(By.tagName("td"));
            assertShown(m.ratioMedian(), cells.get(0).getText(), 0, "table ratio at d = " + m.dimension());
            assertShownLog10(m.log10BallFraction(), cells.get(4).getText(), 0, "table ball at d = " + m.dimension());
        }
        String ratioText = text("text-ratio");
        assertTrue(ratioText.startsWith("At d = 1 a point's farthest neighbour is "), ratioText);
        assertShown(core.measure(1).ratioMedian(), ratioText, 1, "ratio sentence, d = 1");
        // numbers in the sentence: 1 (d), the ratio, 100 (d), the ratio, …
        assertShown(core.measure(100).ratioMedian(), ratioText, 3, "ratio sentence, d = 100");

        List<String> problems = browser.seriousAccessibilityViolations();
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void changingThePointsOrTheRangeMeasuresAgain() {
        openDimensions("#n=100&from=1&to=20&seed=1&n1=10");
        waitForMeasured("100|1,2,3,5,10,20|1|10");
        WebElement points = browser.driver.findElement(By.id("points"));
        points.clear();
        points.sendKeys("150", Keys.TAB);
        waitForMeasured("150|1,2,3,5,10,20|1|10");
        assertChosenNumbersAre(Dimensionality.measure(150, 10, 1, 10), 150);
        assertTrue(browser.driver.getCurrentUrl().endsWith("#n=150&from=1&to=20&seed=1&n1=10"),
                browser.driver.getCurrentUrl());

        WebElement largest = browser.driver.findElement(By.id("d-max"));
        largest.clear();
        largest.sendKeys("200", Keys.TAB);
        waitForMeasured("150|1,2,3,5,10,20,30,50,100,200|1|10");
        assertEquals("10", browser.driver.findElement(By.id("chart-ratio")).getAttribute("data-points"));
        assertEquals(10, browser.driver.findElements(By.cssSelector("#numbers-body tr")).size());

        WebElement perUnit = browser.driver.findElement(By.id("per-unit"));
        perUnit.clear();
        perUnit.sendKeys("4", Keys.TAB);
        waitForMeasured("150|1,2,3,5,10,20,30,50,100,200|1|4");
        assertShownLog10(Dimensionality.log10GridSamples(10, 4), text("chosen-grid"), 0, "grid points at n₁ = 4");
        assertShownLog10(Dimensionality.log10SamplesForNearestNeighbour(10, 4), text("chosen-nn"), 0, "same-nearest");
    }

    @Test
    void badValuesAreNamedAndTheServersLimitIsShown() {
        openDimensions("#n=100&from=1&to=10&seed=1&n1=10");
        WebElement points = browser.driver.findElement(By.id("points"));
        points.clear();
        points.sendKeys("5", Keys.TAB);
        waitUpTo(5).until(d -> "error".equals(d.findElement(By.id("dim-status")).getAttribute("data-kind")));
        assertEquals("Points n must be a whole number from 10 to 2000; got “5”.", text("dim-status"));
        assertEquals("true", points.getAttribute("aria-invalid"));

        // valid on its own, too much work together: the server refuses, naming its limit
        points.clear();
        points.sendKeys("2000", Keys.TAB);
        WebElement largest = browser.driver.findElement(By.id("d-max"));
        largest.clear();
        largest.sendKeys("1000", Keys.TAB);
        waitUpTo(30).until(d -> text("dim-status").startsWith("The server refused: this request needs"));
        assertTrue(text("dim-status").contains("the limit is 6.00e+08"), text("dim-status"));
        assertEquals("true", points.getAttribute("aria-invalid"));

        points.clear();
        points.sendKeys("50", Keys.TAB);
        waitForMeasured("50|1,2,3,5,10,20,30,50,100,200,300,500,1000|1|10");
        assertEquals(null, points.getAttribute("aria-invalid"));
    }

    @Test
    void everythingIsReachableAndOperableByKeyboard() {
        openDimensions("#n=80&from=1&to=30&seed=2&n1=10");
        waitForMeasured("80|1,2,3,5,10,20,30|2|10");
        // from the top of the page, Tab reaches the points field
        browser.driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        String reached = null;
        for (int i = 0; i < 12 && !"points".equals(reached); i++) {
            reached = (String) js("return document.activeElement && document.activeElement.id;");
            if (!"points".equals(reached)) {
                browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
            }
        }
        assertEquals("points", reached, "Tab reaches the first control");
        WebElement active = browser.driver.switchTo().activeElement();
        active.sendKeys(Keys.chord(Keys.CONTROL, "a"), "90", Keys.ENTER);
        waitForMeasured("90|1,2,3,5,10,20,30|2|10");
        // Tab on through the other fields to the chosen d; the arrow key picks the next d
        for (int i = 0; i < 20 && !"chosen-d".equals(js("return document.activeElement.id;")); i++) {
            browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
        }
        assertEquals("chosen-d", js("return document.activeElement.id;"));
        browser.driver.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
        waitUpTo(5).until(d -> "20".equals(d.findElement(By.tagName("body")).getAttribute("data-chosen")));
        assertChosenNumbersAre(Dimensionality.measure(90, 20, 2, 10), 90);
        // the table scrolls by keyboard: it is a focusable, labelled region
        WebElement region = browser.driver.findElement(By.cssSelector(".dim-table-scroll[role='region']"));
        assertEquals("0", region.getAttribute("tabindex"));
    }
}
