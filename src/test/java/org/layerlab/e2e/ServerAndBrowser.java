package org.layerlab.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.layerlab.server.LayerLabServer;
import org.layerlab.server.ServerSettings;
import org.layerlab.session.Scheduler;
import org.layerlab.session.Session;
import org.layerlab.session.SessionManager;
import org.layerlab.session.SessionSnapshot;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What every browser test stands on: the real server in-process on a free port (its session
 * manager at hand, so tests can compare the page with what the server holds) and a fresh headless
 * Chromium per test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerAndBrowser {
    SessionManager sessions;
    Javalin app;
    String base;
    Browser browser;

    @BeforeAll
    void startServer() {
        ServerSettings settings = ServerSettings.defaults().withPort(0).withWorkers(2);
        sessions = new SessionManager(settings.sessions(), new Scheduler(2));
        app = LayerLabServer.create(settings, sessions, true).start();
        base = "http://localhost:" + app.port();
    }

    @AfterAll
    void stopServer() {
        app.stop();
    }

    @BeforeEach
    void openBrowser() throws Exception {
        browser = new Browser();
    }

    @AfterEach
    void closeBrowser() throws Exception {
        browser.close();
    }

    WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(seconds));
    }

    /** Opens the page at {@code pathAndHash} and waits until its socket is connected. */
    void openPlayground(String pathAndHash) {
        browser.driver.get(base + pathAndHash);
        waitUpTo(15).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-connected")));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser.driver).executeScript(script, args);
    }

    String resumeToken() {
        return (String) js("return window.sessionStorage.getItem('layerlab.resumeToken');");
    }

    /** The session on the server that this page's tab owns. */
    Session serverSession() {
        String token = resumeToken();
        assertTrue(token != null && !token.isEmpty(), "the page keeps a resume token");
        return sessions.find(token).orElseThrow(() -> new AssertionError("no session for the page's token"));
    }

    SessionSnapshot snapshot() throws Exception {
        return serverSession().snapshot().get(10, TimeUnit.SECONDS);
    }

    /**
     * The visible text of every data cell ({@code td}) of the rows {@code rowsSelector} matches, read in one script
     * call: tables that live events re-render (the instruments' per-layer table) would otherwise
     * replace a row between finding it and reading it.
     */
    @SuppressWarnings("unchecked")
    List<List<String>> tableCells(String rowsSelector) {
        return (List<List<String>>) js("return Array.from(document.querySelectorAll(arguments[0]),"
                + " row => Array.from(row.querySelectorAll('td'), cell => cell.innerText.replace(/\\s+/g, ' ').trim()));", rowsSelector);
    }

    /** The number an element shows ("1,234" → 1234), NaN when it shows none. */
    double number(String id) {
        String text = browser.driver.findElement(By.id(id)).getText().replace(",", "").trim();
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
