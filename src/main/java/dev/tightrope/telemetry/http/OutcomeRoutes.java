package dev.tightrope.telemetry.http;

import java.util.List;
import java.util.Set;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.tightrope.access.domain.AccessPolicy;
import dev.tightrope.access.domain.Caller;
import dev.tightrope.access.http.EndpointAccess;
import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.http.ApiPaths;
import dev.tightrope.platform.http.ContentCoding;
import dev.tightrope.platform.http.ContentTypes;
import dev.tightrope.platform.http.JsonErrors;
import dev.tightrope.platform.http.RawBody;
import dev.tightrope.platform.http.RequestLimits;
import dev.tightrope.platform.input.InputContract;
import dev.tightrope.telemetry.application.OutcomeConfig;
import dev.tightrope.telemetry.application.OutcomeIngestion;
import dev.tightrope.telemetry.application.OutcomeReport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/v1/outcomes}: outcomes in bulk, one JSON object per line (NDJSON), for runtimes that report in
 * volume. The answer, once the accepted outcomes are committed: {@code 200 {"accepted": n, "rejected": [{"line",
 * "code", "message"}], "deduplicated": false}}; bad lines are named, good ones kept. {@code ?batchId=} makes a
 * retry count once. Refusals of the whole request: 401/403 (a RUNTIME or ADMIN token is needed), 400 (no lines, too
 * many, a bad batchId, a body that is not the gzip its Content-Encoding says), 413 (over the request limit, or over
 * {@code tightrope.outcomes.max-decompressed-bytes} once inflated), 415 (not NDJSON, or a coding other than gzip), 429 {@code OVERLOADED} and 503 {@code UNAVAILABLE}, both with
 * {@code Retry-After}: nothing of the batch was stored, retrying later is safe. See docs/outcomes.md.
 */
@ApplicationScoped
public class OutcomeRoutes {

    /** NDJSON under its usual names, and plain JSON (one object is a one-line NDJSON body). */
    private static final Set<String> NDJSON_TYPES = Set.of("application/x-ndjson", "application/jsonl",
            "application/json");

    public static final String PATH = "/api/v1/outcomes";

    private final OutcomeIngestion ingestion;
    private final OutcomeConfig config;
    private final RequestLimits limits;

    OutcomeRoutes(OutcomeIngestion ingestion, OutcomeConfig config, RequestLimits limits) {
        this.ingestion = ingestion;
        this.config = config;
        this.limits = limits;
    }

    void install(@Observes Router router) {
        router.post(PATH).handler(RawBody.reader(limits, limits.limitBytes(), this::handle));
        ApiPaths.refuseOtherMethods(router, PATH, "POST");
    }

    private void handle(RoutingContext context, byte[] body) {
        Caller caller = EndpointAccess.allowed(context, AccessPolicy.HTTP_OUTCOMES);
        if (caller == null) {
            return; // answered 401 or 403
        }
        String contentType = context.request().getHeader("Content-Type");
        if (!ContentTypes.isOneOf(contentType, NDJSON_TYPES)) {
            JsonErrors.send(context, new TightropeException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send outcomes as "
                    + "NDJSON: Content-Type: application/x-ndjson, one JSON object per line."));
            return;
        }
        String batchId = context.request().getParam("batchId");
        byte[] lines;
        try {
            lines = ContentCoding.decode(context.request().getHeader("Content-Encoding"), body,
                    config.maxDecompressedBytes(), "tightrope.outcomes.max-decompressed-bytes");
        } catch (TightropeException refused) {
            JsonErrors.send(context, refused);
            return;
        }
        List<OutcomeIngestion.Entry> entries = OutcomeIngestion.withinScope(OutcomeLines.read(lines), caller,
                AccessPolicy.HTTP_OUTCOMES);
        if (entries.isEmpty() || entries.size() > config.maxPerRequest()) {
            JsonErrors.send(context, TightropeException.validation(entries.isEmpty()
                    ? "The body has no outcome: send one JSON object per line."
                    : "At most " + config.maxPerRequest() + " outcomes per request, not " + entries.size() + "."));
            return;
        }
        if (batchId != null && InputContract.stringProblem(batchId) != null) {
            JsonErrors.send(context, TightropeException.validation("batchId " + InputContract.stringProblem(batchId)));
            return;
        }
        ingestion.ingest(entries, batchId).subscribe().with(report -> answer(context, report),
                failure -> refuse(context, ErrorTranslator.translate(failure)));
    }

    private void answer(RoutingContext context, OutcomeReport report) {
        JsonArray rejected = new JsonArray();
        report.rejected().forEach(r -> rejected.add(new JsonObject().put("line", r.position()).put("code", r.code())
                .put("message", r.message())));
        context.response().setStatusCode(200).putHeader("Content-Type", "application/json; charset=UTF-8")
                .end(new JsonObject().put("accepted", report.accepted()).put("rejected", rejected)
                        .put("deduplicated", report.deduplicated()).encode());
    }

    private void refuse(RoutingContext context, TightropeException error) {
        boolean retry = error.code() == ErrorCode.OVERLOADED || error.code() == ErrorCode.UNAVAILABLE;
        JsonErrors.send(context, error.code().httpStatus(), error, retry
                ? Map.of("Retry-After", Long.toString(Math.max(1, config.retryAfter().toSeconds()))) : Map.of());
    }
}
