package org.layerlab.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.layerlab.insight.Dimensionality;
import org.layerlab.pages.DimensionsPage;
import org.layerlab.training.ConfigException;

/**
 * {@code GET /dimensions} (the page) and {@code GET /api/dimensions?n=&dims=&seed=&n1=} (its
 * numbers, docs/dimensions.md). Wiring only: the query goes to {@link Dimensionality.Request#fromQuery},
 * which validates it (and refuses more than {@link Dimensionality#MAX_WORK} of work), the core
 * measures, the result goes out as JSON; a refused query is a 400 whose JSON names the parameter.
 *
 * <p>One measurement at a time (a request takes up to ~0.3 s of one core; the training sessions
 * need the others): a request that cannot start within {@value #WAIT_SECONDS} s gets a 503. The
 * results are deterministic, so the last {@value #CACHED} are kept and a repeated request (a class
 * opening the page with the defaults) costs nothing.
 *
 * <p>The page's noise-feature experiment is a job on the server's job runner, {@code POST
 * /api/lr/noise} ({@link LearningRateEndpoint}); the page sets the client cookie those jobs are
 * counted under ({@link ClientKeys}).
 */
final class DimensionsEndpoint {
    static final int WAIT_SECONDS = 20;
    static final int CACHED = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Semaphore measuring = new Semaphore(1, true);
    private final Map<Dimensionality.Request, String> cache = new LinkedHashMap<>(32, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Dimensionality.Request, String> eldest) {
            return size() > CACHED;
        }
    };
    private volatile String page;

    void page(Context ctx) {
        String html = page;
        if (html == null) {
            html = DimensionsPage.render();
            page = html;
        }
        ClientKeys.issue(ctx);
        ctx.html(html);
    }

    void measure(Context ctx) throws InterruptedException {
        Dimensionality.Request request;
        try {
            Map<String, String> query = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> entry : ctx.queryParamMap().entrySet()) {
                if (entry.getValue().size() != 1) {
                    throw new ConfigException(entry.getKey(), entry.getKey() + " must be given once, got "
                            + entry.getValue().size() + " values");
                }
                query.put(entry.getKey(), entry.getValue().get(0));
            }
            request = Dimensionality.Request.fromQuery(query);
        } catch (ConfigException e) {
            error(ctx, 400, e.getMessage(), e.field());
            return;
        }
        String json = cached(request);
        if (json == null) {
            if (!measuring.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                error(ctx, 503, "The server is busy measuring other requests; try again in a moment.", null);
                return;
            }
            try {
                json = cached(request); // measured while this one waited?
                if (json == null) {
                    long start = System.nanoTime();
                    ObjectNode body = Dimensionality.measure(request).toJsonTree();
                    body.put("millis", Math.round((System.nanoTime() - start) / 1e5) / 10.0);
                    json = body.toString();
                    synchronized (cache) {
                        cache.put(request, json);
                    }
                }
            } finally {
                measuring.release();
            }
        }
        ctx.contentType("application/json").result(json);
    }

    private String cached(Dimensionality.Request request) {
        synchronized (cache) {
            return cache.get(request);
        }
    }

    private static void error(Context ctx, int status, String message, String field) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", message);
        if (field == null || field.isEmpty()) {
            body.putNull("field");
        } else {
            body.put("field", field);
        }
        ctx.status(status).contentType("application/json").result(body.toString());
    }
}
