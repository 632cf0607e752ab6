package dev.tightrope.telemetry.otlp;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.google.protobuf.Message;

import dev.tightrope.access.domain.AccessPolicy;
import dev.tightrope.access.http.EndpointAccess;
import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.ErrorTranslator;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.graphql.RouteOrders;
import dev.tightrope.platform.http.ContentCoding;
import dev.tightrope.platform.http.RawBody;
import dev.tightrope.platform.http.RequestLimits;
import dev.tightrope.telemetry.application.GenerationHistory;
import dev.tightrope.telemetry.application.OutcomeConfig;
import dev.tightrope.telemetry.application.OutcomeIngestion;
import dev.tightrope.telemetry.application.OutcomeReport;
import dev.tightrope.release.domain.Arm;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/traces}: OTLP/HTTP trace export. Agent spans become outcomes ({@link SpanOutcomes}) and go through
 * the outcome intake like an NDJSON batch ({@link OutcomeIngestion}): a 200 means the accepted outcomes are
 * committed, and an export sent again (same agent spans) is counted once. Body: {@code application/x-protobuf} or
 * {@code application/json} (OTLP/JSON), optionally {@code Content-Encoding: gzip}; the answer is an
 * {@code ExportTraceServiceResponse} in the same encoding, with {@code partial_success} naming the refused agent
 * spans. Errors are a {@code google.rpc.Status} ({@link OtlpEncoding}): 400 (not a request), 401/403 (a RUNTIME or
 * ADMIN token, as for outcomes), 405, 413 (over the body limit, as sent or inflated), 415 (another Content-Type or
 * Content-Encoding), 429 and 503 with {@code Retry-After} (nothing stored; retry). See docs/runtime-api.md.
 */
@ApplicationScoped
public class OtlpTraceRoute {

    public static final String PATH = "/v1/traces";

    private static final int SHOWN_REFUSALS = 3;

    private final OutcomeIngestion ingestion;
    private final GenerationHistory generations;
    private final OutcomeConfig outcomes;
    private final OtlpConfig config;
    private final OtlpMetrics metrics;
    private final RequestLimits limits;
    private final SpanOutcomes.Deployments deployments;

    OtlpTraceRoute(OutcomeIngestion ingestion, GenerationHistory generations, OutcomeConfig outcomes,
            OtlpConfig config, OtlpMetrics metrics, RequestLimits limits) {
        this.ingestion = ingestion;
        this.generations = generations;
        this.outcomes = outcomes;
        this.config = config;
        this.metrics = metrics;
        this.limits = limits;
        this.deployments = new SpanOutcomes.Deployments() {
            @Override
            public boolean deployed(String agent, String environment) {
                return generations.deployment(agent, environment) != null;
            }

            @Override
            public Arm armOf(String agent, String environment, int version) {
                return generations.armOf(agent, environment, version);
            }
        };
    }

    void install(@Observes Router router) {
        router.post(PATH).order(RouteOrders.OTLP_LIMITS).handler(this::checkDeclaredLength);
        router.route(PATH).handler(this::checkAccess);
        router.post(PATH).handler(RawBody.reader(limits.limitBytes(), context -> refuse(context,
                limits.tooLarge(""), Map.of("Connection", "close")), this::handle));
        router.route(PATH).handler(context -> refuse(context, new TightropeException(ErrorCode.METHOD_NOT_ALLOWED,
                PATH + " takes POST, not " + context.request().method().name() + "."), Map.of("Allow", "POST")));
    }

    /** A declared body over the limit: refused before a byte is read, in OTLP's error shape. */
    private void checkDeclaredLength(RoutingContext context) {
        String excess = limits.declaredExcess(context);
        if (excess != null) {
            refuse(context, limits.tooLarge(excess), Map.of("Connection", "close"));
            return;
        }
        context.next();
    }

    /**
     * A RUNTIME or ADMIN token, checked before the body is read (the path is open to Quarkus' own check, see
     * application.properties, so that this refusal is in OTLP's shape).
     */
    private void checkAccess(RoutingContext context) {
        TightropeException refused = EndpointAccess.refusal(context, AccessPolicy.HTTP_OTLP_TRACES);
        if (refused != null) {
            refuse(context, refused, refused.code() == ErrorCode.UNAUTHENTICATED
                    ? Map.of(EndpointAccess.WWW_AUTHENTICATE, EndpointAccess.CHALLENGE, "Connection", "close")
                    : Map.of("Connection", "close"));
            return;
        }
        context.next();
    }

    private void handle(RoutingContext context, byte[] body) {
        try {
            OtlpEncoding encoding = OtlpEncoding.of(context.request().getHeader("Content-Type"));
            if (encoding == null) {
                refuse(context, new TightropeException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send spans as OTLP/HTTP: "
                        + "Content-Type: application/x-protobuf or application/json, not "
                        + context.request().getHeader("Content-Type") + "."), Map.of());
                return;
            }
            ExportTraceServiceRequest request = encoding.decode(ContentCoding.decode(
                    context.request().getHeader("Content-Encoding"), body, config.maxDecompressedBytes(),
                    "tightrope.otlp.max-decompressed-bytes"));
            SpanOutcomes.Mapped mapped = SpanOutcomes.map(request, deployments);
            mapped.unmapped().forEach(metrics::unmapped);
            if (mapped.entries().size() > outcomes.maxPerRequest()) {
                throw TightropeException.validation("At most " + outcomes.maxPerRequest() + " agent spans per "
                        + "export, not " + mapped.entries().size() + ".");
            }
            if (mapped.entries().isEmpty()) {
                answer(context, encoding, ExportTraceServiceResponse.getDefaultInstance());
                return;
            }
            List<OutcomeIngestion.Entry> entries = OutcomeIngestion.withinScope(mapped.entries(),
                    EndpointAccess.caller(context), AccessPolicy.HTTP_OTLP_TRACES);
            ingestion.ingest(entries, mapped.batchId()).subscribe().with(
                    report -> answer(context, encoding, response(report, mapped)),
                    failure -> refuse(context, ErrorTranslator.translate(failure), Map.of()));
        } catch (RuntimeException failure) {
            refuse(context, ErrorTranslator.translate(failure), Map.of());
        }
    }

    /** The response: partial_success names the refused agent spans; a repeated export says so as a warning. */
    private ExportTraceServiceResponse response(OutcomeReport report, SpanOutcomes.Mapped mapped) {
        List<OutcomeReport.Rejection> rejected = report.rejected();
        metrics.unmapped(SpanOutcomes.Unmapped.REJECTED, rejected.size());
        if (rejected.isEmpty() && !report.deduplicated()) {
            return ExportTraceServiceResponse.getDefaultInstance();
        }
        StringBuilder message = new StringBuilder();
        if (!rejected.isEmpty()) {
            message.append(rejected.size()).append(" of ").append(mapped.entries().size())
                    .append(" agent spans were refused: ");
            for (int i = 0; i < Math.min(SHOWN_REFUSALS, rejected.size()); i++) {
                OutcomeReport.Rejection rejection = rejected.get(i);
                message.append(i == 0 ? "" : "; ").append(mapped.spans().get(rejection.position())).append(": ")
                        .append(rejection.code()).append(": ").append(rejection.message());
            }
            if (rejected.size() > SHOWN_REFUSALS) {
                message.append(" (and ").append(rejected.size() - SHOWN_REFUSALS).append(" more)");
            }
            message.append(". ");
        }
        if (report.deduplicated()) {
            message.append("This export was counted before (the same agent spans); nothing was added again.");
        }
        return ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                .setRejectedSpans(rejected.size()).setErrorMessage(message.toString().strip())).build();
    }

    private void answer(RoutingContext context, OtlpEncoding encoding, Message response) {
        send(context, 200, encoding, response, Map.of());
    }

    /** An error as google.rpc.Status, in the request's encoding (JSON when it has none of OTLP's). */
    private void refuse(RoutingContext context, TightropeException error, Map<String, String> headers) {
        OtlpEncoding encoding = OtlpEncoding.of(context.request().getHeader("Content-Type"));
        Map<String, String> all = headers;
        if (error.code() == ErrorCode.OVERLOADED || error.code() == ErrorCode.UNAVAILABLE) {
            all = new java.util.HashMap<>(headers);
            all.put("Retry-After", Long.toString(Math.max(1, outcomes.retryAfter().toSeconds())));
        }
        int status = error.code() == ErrorCode.INTERNAL ? 500 : error.code().httpStatus();
        send(context, status, encoding == null ? OtlpEncoding.JSON : encoding, OtlpEncoding.status(error), all);
    }

    private static void send(RoutingContext context, int status, OtlpEncoding encoding, Message body,
            Map<String, String> headers) {
        if (context.response().headWritten() || context.response().ended()) {
            return;
        }
        context.response().setStatusCode(status).putHeader("Content-Type", encoding.contentType());
        headers.forEach(context.response()::putHeader);
        context.response().end(Buffer.buffer(encoding.encode(body)));
    }
}
