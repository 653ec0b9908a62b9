package org.layerlab.e2e;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the browser tests. On a Debian machine (CI) it uses /usr/bin/chromium and
 * /usr/bin/chromedriver explicitly, because Selenium Manager cannot download anything here; where
 * they are absent (a laptop) Selenium finds its own.
 */
final class Browser implements AutoCloseable {
    private static final File DEBIAN_CHROMIUM = new File("/usr/bin/chromium");
    private static final File DEBIAN_DRIVER = new File("/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final Path profile;

    Browser() throws IOException {
        profile = Files.createTempDirectory("layerlab-chromium-");
        ChromeOptions options = new ChromeOptions();
        // Without the background-networking flags Chromium keeps trying to reach outside hosts.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--log-level=3", "--window-size=1366,900",
                "--user-data-dir=" + profile);
        if (DEBIAN_CHROMIUM.canExecute() && DEBIAN_DRIVER.canExecute()) {
            options.setBinary(DEBIAN_CHROMIUM);
            // The driver dies at start if its log's folder is missing (a build into another folder).
            Path log = Files.createDirectories(Path.of("target")).resolve("chromedriver.log");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DEBIAN_DRIVER)
                    .usingAnyFreePort()
                    .withLogFile(log.toFile())
                    .build();
            driver = new ChromeDriver(service, options);
        } else {
            driver = new ChromeDriver(options);
        }
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    WebDriver driver() {
        return driver;
    }

    /** axe-core's critical and serious violations on the current page, one line each. */
    List<String> seriousAccessibilityViolations() {
        Results results = new AxeBuilder().analyze(driver);
        List<String> problems = new ArrayList<>();
        for (Rule rule : results.getViolations()) {
            String impact = rule.getImpact();
            if ("critical".equals(impact) || "serious".equals(impact)) {
                problems.add(impact + " " + rule.getId() + ": " + rule.getHelp() + " (" + rule.getNodes().size()
                        + " elements, e.g. " + (rule.getNodes().isEmpty() ? "" : rule.getNodes().get(0).getTarget())
                        + ")");
            }
        }
        return problems;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> paths = Files.walk(profile)) {
                for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException ignored) {
                // Chromium may still be releasing files; the temp folder is cleaned by the OS later.
            }
        }
    }
}
