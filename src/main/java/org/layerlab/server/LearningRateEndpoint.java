package org.layerlab.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BiFunction;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.insight.LossLandscape;
import org.layerlab.pages.LearningRatePage;
import org.layerlab.session.ExperimentJobs;
import org.layerlab.session.JobLimits;
import org.layerlab.session.JobRefusedException;
import org.layerlab.training.ConfigException;
import org.layerlab.training.LearningRateSweep;
import org.layerlab.training.NoiseFeatureExperiment;
import org.layerlab.training.SeedMinima;

/**
 * The learning-rate page and its jobs (docs/protocol.md, "Learning-rate page"). Wiring only: a
 * request body goes to its core's parser ({@link SeedMinima#parse}, {@link LearningRateSweep#parse},
 * {@link LossLandscape#parseRequest}), which validates every field; the spec goes to {@link ExperimentJobs},
 * which refuses jobs too large for a shared server and runs the rest on the session workers, under
 * the admission every heavy job of the server shares. A job counts against its client, the remote
 * address plus the page's cookie ({@link ClientKeys}).
 * <ul>
 *   <li>{@code GET /learning-rate} the page (it sets the client cookie);</li>
 *   <li>{@code POST /api/lr/minima|sweep|landscape|noise} → 202 and the job's status, 400 naming the
 *       field, 413 for a body over {@value #MAX_BODY_CHARS} characters (a landscape request, which may
 *       carry the model to start from ({@link LossLandscape#parseRequest}): over
 *       {@link LossLandscape#maxRequestChars} for the server's network limits), 429 when the client
 *       holds as many jobs as one may, 503 when busy;</li>
 *   <li>{@code GET /api/lr/jobs/{id}} → the status (with the result once done), 404 when unknown
 *       or expired; {@code DELETE} the same path cancels.</li>
 * </ul>
 */
final class LearningRateEndpoint {
    static final int MAX_BODY_CHARS = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whatever the network limits, a landscape request is read no further than this. */
    static final long MAX_LANDSCAPE_BODY_CHARS = 8L * 1024 * 1024;

    private final ExperimentJobs jobs;
    private final NetworkLimits limits;
    /** A landscape request may carry a model file: room for the largest network the limits allow. */
    private final long landscapeBodyChars;
    private volatile String page;

    LearningRateEndpoint(ExperimentJobs jobs, NetworkLimits limits) {
        this.jobs = jobs;
        this.limits = limits;
        this.landscapeBodyChars = Math.min(MAX_LANDSCAPE_BODY_CHARS,
                Math.max(MAX_BODY_CHARS, LossLandscape.maxRequestChars(limits)));
    }

    void configure(JavalinConfig config) {
        config.routes.get("/learning-rate", this::page);
        config.routes.post("/api/lr/minima", ctx -> submit(ctx,
                (body, client) -> jobs.submit(SeedMinima.parse(body, limits), client)));
        config.routes.post("/api/lr/sweep", ctx -> submit(ctx,
                (body, client) -> jobs.submit(LearningRateSweep.parse(body, limits), client)));
        config.routes.post("/api/lr/landscape", ctx -> submitLandscape(ctx,
                (body, client) -> jobs.submit(LossLandscape.parseRequest(body, limits), client)));
        config.routes.get("/api/lr/jobs/{id}", this::status);
        config.routes.delete("/api/lr/jobs/{id}", this::cancel);
        // the dimensions page's noise-feature experiment, a job like the others (docs/dimensions.md)
        config.routes.post("/api/lr/noise", ctx -> submit(ctx,
                (body, client) -> submitNoise(NoiseFeatureExperiment.parse(body, limits), client)));
    }

    /** A noise-feature experiment within the runner's limits (seeds, epochs, work), as one job. */
    private String submitNoise(NoiseFeatureExperiment.Spec spec, String client) {
        JobLimits sizes = jobs.limits();
        spec.requireWithin(sizes.maxSeeds(), sizes.maxEpochs(), sizes.maxWork());
        return jobs.submit("noise", NoiseFeatureExperiment.stepped(spec), NoiseFeatureExperiment.Result::toJsonTree,
                client);
    }

    ExperimentJobs jobs() {
        return jobs;
    }

    void close() {
        jobs.close();
    }

    private void page(Context ctx) {
        String html = page;
        if (html == null) {
            html = LearningRatePage.render();
            page = html;
        }
        ClientKeys.issue(ctx);
        ctx.html(html);
    }

    private void submit(Context ctx, BiFunction<String, String, String> parseAndSubmit) {
        String body = ctx.body();
        if (body.length() > MAX_BODY_CHARS) {
            error(ctx, 413, "The request has " + body.length() + " characters; at most " + MAX_BODY_CHARS
                    + " are allowed.", null);
            return;
        }
        accept(ctx, body, parseAndSubmit);
    }

    /**
     * A landscape request, which may carry a whole model file: read from the socket only up to
     * {@link #landscapeBodyChars} (Javalin's own body reader stops at 1,000,000 bytes, less than the
     * largest model the network limits allow), so an oversized body is refused without being held.
     */
    private void submitLandscape(Context ctx, BiFunction<String, String, String> parseAndSubmit) throws IOException {
        StringBuilder body = new StringBuilder();
        char[] buffer = new char[16 * 1024];
        try (Reader reader = new InputStreamReader(ctx.req().getInputStream(), StandardCharsets.UTF_8)) {
            for (int read = reader.read(buffer); read >= 0; read = reader.read(buffer)) {
                body.append(buffer, 0, read);
                if (body.length() > landscapeBodyChars) {
                    error(ctx, 413, "The landscape request has more than " + landscapeBodyChars + " characters, the"
                            + " most this server reads (a request with the largest model its network limits allow"
                            + " fits).", null);
                    return;
                }
            }
        }
        accept(ctx, body.toString(), parseAndSubmit);
    }

    private void accept(Context ctx, String body, BiFunction<String, String, String> parseAndSubmit) {
        String id;
        try {
            id = parseAndSubmit.apply(body, ClientKeys.of(ctx));
        } catch (ConfigException e) {
            error(ctx, 400, e.getMessage(), e.field().isEmpty() ? null : e.field());
            return;
        } catch (JobRefusedException e) {
            if (e.busy() || e.clientLimit()) {
                ctx.header("Retry-After", "30");
            }
            error(ctx, e.busy() ? 503 : e.clientLimit() ? 429 : 400, e.getMessage(), e.field());
            return;
        }
        ctx.status(202);
        json(ctx, jobs.status(id).orElseThrow());
    }

    private void status(Context ctx) {
        Optional<ObjectNode> status = jobs.status(ctx.pathParam("id"));
        if (status.isEmpty()) {
            error(ctx, 404, "No such job: it finished more than a few minutes ago, or the server restarted."
                    + " Run it again.", null);
            return;
        }
        json(ctx, status.get());
    }

    private void cancel(Context ctx) {
        if (!jobs.cancel(ctx.pathParam("id"))) {
            error(ctx, 404, "No such job.", null);
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("cancelled", true);
        json(ctx, body);
    }

    private static void json(Context ctx, ObjectNode body) {
        ctx.contentType("application/json").result(body.toString());
    }

    private static void error(Context ctx, int status, String message, String field) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", message);
        if (field != null) {
            body.put("field", field);
        } else {
            body.putNull("field");
        }
        ctx.status(status);
        json(ctx, body);
    }
}
