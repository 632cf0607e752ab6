package dev.tightrope.telemetry.otlp;

import static dev.tightrope.telemetry.otlp.Spans.event;
import static dev.tightrope.telemetry.otlp.Spans.failed;
import static dev.tightrope.telemetry.otlp.Spans.flag;
import static dev.tightrope.telemetry.otlp.Spans.nanos;
import static dev.tightrope.telemetry.otlp.Spans.number;
import static dev.tightrope.telemetry.otlp.Spans.request;
import static dev.tightrope.telemetry.otlp.Spans.span;
import static dev.tightrope.telemetry.otlp.Spans.text;
import static dev.tightrope.telemetry.otlp.Spans.whole;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;

import dev.tightrope.access.domain.Role;
import dev.tightrope.testing.DatabaseProbe;
import dev.tightrope.testing.Fixtures;
import dev.tightrope.testing.TestClock;
import dev.tightrope.testing.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * {@code POST /v1/traces} against the real database: spans sent as protobuf or as OTLP/JSON end up as the same
 * outcomes in the same buckets, tool spans as tool calls, refused agent spans in partial_success, a repeated export
 * once, and every refusal of the whole request as a google.rpc.Status.
 */
@QuarkusTest
class OtlpTraceRouteTest {

    private static final String ENV = "production";
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";

    @Inject
    TestClock clock;

    @Inject
    MeterRegistry registry;

    @Test
    void protobufAndJsonOfTheSameSpansGiveTheSameOutcomes() throws Exception {
        String viaProtobuf = Fixtures.deployedWithCanary("otlp-pb");
        String viaJson = Fixtures.deployedWithCanary("otlp-json");
        Instant end = clock.instant();
        String trace = traceId();
        Response protobuf = post(PROTOBUF, exportOf(viaProtobuf, trace, end).toByteArray(), null);
        assertThat(protobuf.statusCode()).isEqualTo(200);
        assertThat(protobuf.contentType()).isEqualTo(PROTOBUF);
        assertThat(ExportTraceServiceResponse.parseFrom(protobuf.asByteArray()).hasPartialSuccess()).isFalse();
        // the same spans in another trace: the same trace and span ids would be the same export, counted once
        Response json = post(JSON, jsonExportOf(viaJson, traceId(), end).getBytes(StandardCharsets.UTF_8), null);
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.contentType()).isEqualTo(JSON);
        assertThat(json.asString()).isEqualTo("{}");

        for (String column : List.of("requests", "errors", "completions", "completion_reported", "eval_count",
                "latency_sum", "cost_sum", "tokens_sum", "eval_sum")) {
            assertThat(bucketSum(viaJson, 2, "CANARY", column)).as(column)
                    .isEqualTo(bucketSum(viaProtobuf, 2, "CANARY", column));
        }
        assertThat(bucketSum(viaProtobuf, 2, "CANARY", "requests")).isEqualTo(1);
        assertThat(bucketSum(viaProtobuf, 2, "CANARY", "errors")).isEqualTo(1);
        assertThat(bucketSum(viaProtobuf, 2, "CANARY", "latency_sum")).isEqualTo(2300);
        assertThat(bucketSum(viaProtobuf, 2, "CANARY", "tokens_sum")).isEqualTo(1110);
        assertThat(bucketSum(viaProtobuf, 2, "CANARY", "completions")).isEqualTo(1);
        assertThat(DatabaseProbe.queryLong("select coalesce(sum(b.eval_sum * 100), 0)::bigint from outcome_bucket b "
                + "join deployment d on d.id = b.deployment_id join agent a on a.id = d.agent_id where a.slug = ?",
                viaJson)).isEqualTo(80);
        for (String agent : List.of(viaProtobuf, viaJson)) {
            assertThat(tools(agent)).as(agent).isEqualTo("lookup_order:1 calls, 0 errors, 310 ms;"
                    + "refund:1 calls, 1 errors, 40 ms;");
        }
    }

    @Test
    void gzipBodiesAreInflated() throws Exception {
        String agent = Fixtures.deployedWithCanary("otlp-gzip");
        Instant end = clock.instant();
        assertThat(post(PROTOBUF, gzip(exportOf(agent, traceId(), end).toByteArray()), "gzip").statusCode())
                .isEqualTo(200);
        assertThat(post(JSON, gzip(jsonExportOf(agent, traceId(), end).getBytes(StandardCharsets.UTF_8)), "gzip")
                .statusCode()).isEqualTo(200);
        assertThat(bucketSum(agent, 2, "CANARY", "requests")).isEqualTo(2);
    }

    @Test
    void generationAndArmOrAVariantNameTheVersion() {
        String agent = Fixtures.deployedWithCanary("otlp-resolve");
        long generation = given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME))
                .get("/api/v1/agents/" + agent + "/environments/" + ENV + "/config").then().statusCode(200)
                .extract().jsonPath().getLong("generation");
        Instant end = clock.instant();
        String trace = traceId();
        ExportTraceServiceRequest export = request(List.of(text("deployment.environment.name", ENV)),
                span(trace, "00000000000000a1", null, "invoke_agent", end, 100, text("tightrope.agent", agent),
                        whole("tightrope.generation", generation), text("tightrope.arm", "CANARY")),
                span(trace, "00000000000000a2", null, "invoke_agent " + agent, end, 200,
                        text("gen_ai.agent.name", agent), text("feature_flag.result.variant", "v2")),
                span(trace, "00000000000000a3", null, "invoke_agent " + agent, end, 400,
                        text("gen_ai.agent.name", agent))
                        .addEvents(event("feature_flag.evaluation", end, text("feature_flag.key", agent),
                                text("feature_flag.result.variant", "v1"))));
        assertThat(post(PROTOBUF, export.toByteArray(), null).statusCode()).isEqualTo(200);
        assertThat(bucketSum(agent, 2, "CANARY", "requests")).isEqualTo(2);
        assertThat(bucketSum(agent, 2, "CANARY", "latency_sum")).isEqualTo(300);
        assertThat(bucketSum(agent, 1, "STABLE", "requests")).isEqualTo(1);
        assertThat(bucketSum(agent, 1, "STABLE", "latency_sum")).isEqualTo(400);
    }

    @Test
    void spansThatAreNotOutcomesAreCountedByReasonAndIgnored() {
        String agent = Fixtures.deployedWithCanary("otlp-unmapped");
        Instant end = clock.instant();
        String trace = traceId();
        double notAgent = unmapped("not_agent_span");
        double orphan = unmapped("orphan_tool_span");
        double unknown = unmapped("unknown_agent");
        double noVersion = unmapped("no_version");
        ExportTraceServiceRequest export = request(List.of(),
                span(trace, "00000000000000b1", null, "GET /orders", end, 30),
                span(trace, "00000000000000b2", "00000000000000b1", "chat gpt-4o", end, 20,
                        text("gen_ai.operation.name", "chat")),
                span(trace, "00000000000000b3", "00000000000000ff", "execute_tool search", end, 5),
                span(trace, "00000000000000b4", null, "invoke_agent", end, 30, text("gen_ai.agent.name",
                        "someone-elses-agent"), text("feature_flag.result.variant", "v1")),
                span(trace, "00000000000000b5", null, "invoke_agent", end, 30, text("gen_ai.agent.name", agent)));
        Response answer = post(JSON, printed(export), null);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.asString()).isEqualTo("{}");
        assertThat(unmapped("not_agent_span") - notAgent).isEqualTo(2);
        assertThat(unmapped("orphan_tool_span") - orphan).isEqualTo(1);
        assertThat(unmapped("unknown_agent") - unknown).isEqualTo(1);
        assertThat(unmapped("no_version") - noVersion).isEqualTo(1);
        assertThat(bucketSum(agent, 1, "STABLE", "requests") + bucketSum(agent, 2, "CANARY", "requests")).isZero();
    }

    @Test
    void refusedAgentSpansAreInPartialSuccessAndTheOthersAreKept() throws Exception {
        String agent = Fixtures.deployedWithCanary("otlp-partial");
        Instant end = clock.instant();
        String trace = traceId();
        double rejected = unmapped("rejected");
        ExportTraceServiceRequest export = request(List.of(),
                span(trace, "00000000000000c1", null, "invoke_agent", end, 100, marked(agent, 1, "STABLE")),
                span(trace, "00000000000000c2", null, "invoke_agent", end, 100, marked(agent, 1, "STABLE",
                        whole("gen_ai.usage.input_tokens", -5))),
                span(trace, "00000000000000c3", null, "invoke_agent", end, 100, marked(agent, 2, "CANARY",
                        number("tightrope.eval_score", 1.5))),
                span(trace, "00000000000000c4", null, "invoke_agent", end, 100, text("tightrope.agent", agent),
                        text("tightrope.environment", "nowhere"), whole("tightrope.version", 1),
                        text("tightrope.arm", "STABLE")));
        Response protobuf = post(PROTOBUF, export.toByteArray(), null);
        assertThat(protobuf.statusCode()).isEqualTo(200);
        var partial = ExportTraceServiceResponse.parseFrom(protobuf.asByteArray()).getPartialSuccess();
        assertThat(partial.getRejectedSpans()).isEqualTo(3);
        assertThat(partial.getErrorMessage()).startsWith("3 of 4 agent spans were refused: span 00000000000000c2 of "
                + "trace " + trace + ": VALIDATION: Invalid input: inputTokens: must be between 0 and 100000000")
                .contains("span 00000000000000c3 of trace " + trace + ": VALIDATION: Invalid input: evalScore")
                .contains("span 00000000000000c4 of trace " + trace + ": NOT_FOUND: Agent '" + agent
                        + "' has nothing deployed in environment 'nowhere'");
        assertThat(bucketSum(agent, 1, "STABLE", "requests")).isEqualTo(1);
        assertThat(bucketSum(agent, 2, "CANARY", "requests")).isZero();
        assertThat(unmapped("rejected") - rejected).isEqualTo(3);

        // the same in OTLP/JSON: int64 as a string, as proto3 JSON has it
        ExportTraceServiceRequest again = request(List.of(), span(traceId(), "00000000000000c5", null,
                "invoke_agent", end, 100, marked(agent, 1, "STABLE", whole("gen_ai.usage.output_tokens", -1))));
        JsonPath json = post(JSON, printed(again), null).then().statusCode(200).extract().jsonPath();
        assertThat(json.getString("partialSuccess.rejectedSpans")).isEqualTo("1");
        assertThat(json.getString("partialSuccess.errorMessage")).contains("outputTokens");
    }

    @Test
    void aRepeatedExportIsCountedOnce() throws Exception {
        String agent = Fixtures.deployedWithCanary("otlp-retry");
        byte[] export = exportOf(agent, traceId(), clock.instant()).toByteArray();
        assertThat(post(PROTOBUF, export, null).statusCode()).isEqualTo(200);
        Response retry = post(PROTOBUF, export, null);
        assertThat(retry.statusCode()).isEqualTo(200);
        var partial = ExportTraceServiceResponse.parseFrom(retry.asByteArray()).getPartialSuccess();
        assertThat(partial.getRejectedSpans()).isZero();
        assertThat(partial.getErrorMessage()).contains("counted before");
        assertThat(bucketSum(agent, 2, "CANARY", "requests")).isEqualTo(1);
        String batchId = SpanOutcomes.map(ExportTraceServiceRequest.parseFrom(export), Spans.DEPLOYED).batchId();
        assertThat(batchId).startsWith("otlp:");
        assertThat(DatabaseProbe.queryLong("select count(*) from outcome_batch where batch_id = ?", batchId))
                .isEqualTo(1);
    }

    @Test
    void refusalsOfTheWholeRequestAreGoogleRpcStatus() throws Exception {
        byte[] empty = ExportTraceServiceRequest.getDefaultInstance().toByteArray();
        Response unsupported = given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME))
                .contentType("text/plain").body(empty).post(OtlpTraceRoute.PATH);
        assertThat(unsupported.statusCode()).isEqualTo(415);
        assertThat(unsupported.jsonPath().getInt("code")).isEqualTo(3);
        assertThat(unsupported.jsonPath().getString("details[0].reason")).isEqualTo("UNSUPPORTED_MEDIA_TYPE");

        Response brotli = post(PROTOBUF, empty, "br");
        assertThat(brotli.statusCode()).isEqualTo(415);
        assertThat(reason(Status.parseFrom(brotli.asByteArray()))).isEqualTo("UNSUPPORTED_MEDIA_TYPE");

        Response garbage = post(PROTOBUF, new byte[] {0x0A, 0x7F, 0x01}, null);
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.contentType()).isEqualTo(PROTOBUF);
        Status status = Status.parseFrom(garbage.asByteArray());
        assertThat(status.getCode()).isEqualTo(com.google.rpc.Code.INVALID_ARGUMENT_VALUE);
        assertThat(status.getMessage()).startsWith("VALIDATION: The body is not a protobuf");
        assertThat(reason(status)).isEqualTo("VALIDATION");

        Response badJson = post(JSON, "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz\"}]}]}]}"
                .getBytes(StandardCharsets.UTF_8), null);
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.jsonPath().getString("message")).contains("is not hex");
        assertThat(post(JSON, "{}".getBytes(StandardCharsets.UTF_8), "gzip").statusCode()).as("not gzip")
                .isEqualTo(400);

        Response declared = post(PROTOBUF, new byte[2 * 1024 * 1024 + 1], null);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(reason(Status.parseFrom(declared.asByteArray()))).isEqualTo("PAYLOAD_TOO_LARGE");
        Response inflated = post(PROTOBUF, gzip(new byte[9 * 1024 * 1024]), "gzip");
        assertThat(inflated.statusCode()).isEqualTo(413);
        assertThat(Status.parseFrom(inflated.asByteArray()).getMessage()).contains("inflates to more than");

        Response anonymous = given().contentType(PROTOBUF).body(empty).post(OtlpTraceRoute.PATH);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"tightrope\"");
        assertThat(reason(Status.parseFrom(anonymous.asByteArray()))).isEqualTo("UNAUTHENTICATED");
        Response badToken = given().header("Authorization", "Bearer tr_not-a-token").contentType(PROTOBUF)
                .body(empty).post(OtlpTraceRoute.PATH);
        assertThat(badToken.statusCode()).as("refused by the bearer-token mechanism, before any route")
                .isEqualTo(401);
        Response operator = given().header("Authorization", "Bearer " + Tokens.of(Role.OPERATOR))
                .contentType(JSON).body("{}").post(OtlpTraceRoute.PATH);
        assertThat(operator.statusCode()).isEqualTo(403);
        assertThat(operator.jsonPath().getInt("code")).isEqualTo(7);
        assertThat(operator.jsonPath().getString("details[0].reason")).isEqualTo("FORBIDDEN");
        assertThat(operator.jsonPath().getString("details[0].metadata.role")).isEqualTo("OPERATOR");
        Response admin = given().header("Authorization", "Bearer " + Tokens.admin()).contentType(JSON).body("{}")
                .post(OtlpTraceRoute.PATH);
        assertThat(admin.statusCode()).isEqualTo(200);

        Response get = given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME)).get(OtlpTraceRoute.PATH);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.header("Allow")).isEqualTo("POST");
    }

    /** An agent span of the canary (version 2) with two tool spans under it, and a model call span between. */
    static ExportTraceServiceRequest exportOf(String agent, String trace, Instant end) {
        return request(List.of(text("service.name", "checkout"), text("deployment.environment.name", ENV)),
                failed(span(trace, "00f067aa0ba902b7", null, "invoke_agent " + agent, end, 2300,
                        text("gen_ai.operation.name", "invoke_agent"), text("tightrope.agent", agent),
                        whole("tightrope.version", 2), text("tightrope.arm", "CANARY"),
                        text("tightrope.routing_key", "customer-42"), whole("gen_ai.usage.input_tokens", 900),
                        whole("gen_ai.usage.output_tokens", 210), number("tightrope.cost_usd", 0.004),
                        flag("tightrope.task_completed", true)))
                        .addEvents(event("gen_ai.evaluation.result", end, text("gen_ai.evaluation.name",
                                "relevance"), number("gen_ai.evaluation.score.value", 0.8))),
                span(trace, "1000000000000001", "00f067aa0ba902b7", "chat gpt-4o", end.minusMillis(500), 1200,
                        text("gen_ai.operation.name", "chat")),
                span(trace, "1000000000000002", "1000000000000001", "execute_tool lookup_order",
                        end.minusMillis(900), 310, text("gen_ai.operation.name", "execute_tool"),
                        text("gen_ai.tool.name", "lookup_order")),
                failed(span(trace, "1000000000000003", "00f067aa0ba902b7", "execute_tool refund",
                        end.minusMillis(100), 40, text("gen_ai.operation.name", "execute_tool"),
                        text("gen_ai.tool.name", "refund"), text("error.type", "RefundRefused"))));
    }

    /** {@link #exportOf} as an OTLP/JSON exporter writes it: hex ids, lowerCamelCase, int64 as strings, enum numbers. */
    static String jsonExportOf(String agent, String trace, Instant end) {
        long e = nanos(end);
        return """
                {"resourceSpans":[{"resource":{"attributes":[
                  {"key":"service.name","value":{"stringValue":"checkout"}},
                  {"key":"deployment.environment.name","value":{"stringValue":"production"}}]},
                 "scopeSpans":[{"scope":{"name":"test-instrumentation","version":"1.0"},"spans":[
                  {"traceId":"%1$s","spanId":"00f067aa0ba902b7","name":"invoke_agent %2$s","kind":1,
                   "startTimeUnixNano":"%3$d","endTimeUnixNano":"%4$d",
                   "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"invoke_agent"}},
                    {"key":"tightrope.agent","value":{"stringValue":"%2$s"}},
                    {"key":"tightrope.version","value":{"intValue":"2"}},
                    {"key":"tightrope.arm","value":{"stringValue":"CANARY"}},
                    {"key":"tightrope.routing_key","value":{"stringValue":"customer-42"}},
                    {"key":"gen_ai.usage.input_tokens","value":{"intValue":"900"}},
                    {"key":"gen_ai.usage.output_tokens","value":{"intValue":"210"}},
                    {"key":"tightrope.cost_usd","value":{"doubleValue":0.004}},
                    {"key":"tightrope.task_completed","value":{"boolValue":true}}],
                   "events":[{"timeUnixNano":"%4$d","name":"gen_ai.evaluation.result","attributes":[
                    {"key":"gen_ai.evaluation.name","value":{"stringValue":"relevance"}},
                    {"key":"gen_ai.evaluation.score.value","value":{"doubleValue":0.8}}]}],
                   "status":{"message":"boom","code":2}},
                  {"traceId":"%1$s","spanId":"1000000000000001","parentSpanId":"00f067aa0ba902b7",
                   "name":"chat gpt-4o","kind":1,"startTimeUnixNano":"%5$d","endTimeUnixNano":"%6$d",
                   "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}}],"status":{}},
                  {"traceId":"%1$s","spanId":"1000000000000002","parentSpanId":"1000000000000001",
                   "name":"execute_tool lookup_order","kind":1,"startTimeUnixNano":"%7$d","endTimeUnixNano":"%8$d",
                   "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"execute_tool"}},
                    {"key":"gen_ai.tool.name","value":{"stringValue":"lookup_order"}}],"status":{}},
                  {"traceId":"%1$s","spanId":"1000000000000003","parentSpanId":"00f067aa0ba902b7",
                   "name":"execute_tool refund","kind":1,"startTimeUnixNano":"%9$d","endTimeUnixNano":"%10$d",
                   "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"execute_tool"}},
                    {"key":"gen_ai.tool.name","value":{"stringValue":"refund"}},
                    {"key":"error.type","value":{"stringValue":"RefundRefused"}}],
                   "status":{"message":"boom","code":2}}]}]}]}
                """.formatted(trace, agent, e - 2_300_000_000L, e, e - 500_000_000L - 1_200_000_000L,
                e - 500_000_000L, e - 900_000_000L - 310_000_000L, e - 900_000_000L, e - 100_000_000L - 40_000_000L,
                e - 100_000_000L);
    }

    private static KeyValue[] marked(String agent, int version, String arm, KeyValue... more) {
        List<KeyValue> attributes = new java.util.ArrayList<>(List.of(text("tightrope.agent", agent),
                whole("tightrope.version", version), text("tightrope.arm", arm)));
        attributes.addAll(List.of(more));
        return attributes.toArray(KeyValue[]::new);
    }

    private static byte[] printed(ExportTraceServiceRequest export) {
        try {
            // proto3 JSON of the message, with the ids turned into hex as OTLP/JSON has them
            String json = com.google.protobuf.util.JsonFormat.printer().print(export);
            for (var resource : export.getResourceSpansList()) {
                for (var scope : resource.getScopeSpansList()) {
                    for (var span : scope.getSpansList()) {
                        for (var id : List.of(span.getTraceId(), span.getSpanId(), span.getParentSpanId())) {
                            if (!id.isEmpty()) {
                                json = json.replace("\"" + java.util.Base64.getEncoder()
                                        .encodeToString(id.toByteArray()) + "\"", "\""
                                        + java.util.HexFormat.of().formatHex(id.toByteArray()) + "\"");
                            }
                        }
                    }
                }
            }
            return json.getBytes(StandardCharsets.UTF_8);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response post(String contentType, byte[] body, String contentEncoding) {
        var request = given().header("Authorization", "Bearer " + Tokens.of(Role.RUNTIME)).contentType(contentType)
                .body(body);
        if (contentEncoding != null) {
            request = request.header("Content-Encoding", contentEncoding);
        }
        return request.post(OtlpTraceRoute.PATH);
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        }
        return out.toByteArray();
    }

    private static String reason(Status status) throws Exception {
        return status.getDetails(0).unpack(ErrorInfo.class).getReason();
    }

    private double unmapped(String reason) {
        return registry.counter("tightrope.otlp.spans.unmapped", "reason", reason).count();
    }

    private static String traceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static long bucketSum(String agent, int version, String arm, String column) {
        return DatabaseProbe.queryLong("select coalesce(sum(b." + column + "), 0)::bigint from outcome_bucket b "
                + "join deployment d on d.id = b.deployment_id join agent a on a.id = d.agent_id "
                + "where a.slug = ? and b.version = ? and b.arm = ?", agent, version, arm);
    }

    /** Every tool's calls, errors and latency, "tool:n calls, e errors, l ms;" in name order. */
    private static String tools(String agent) {
        StringBuilder text = new StringBuilder();
        for (String tool : List.of("lookup_order", "refund")) {
            String where = " from outcome_bucket_tool t join deployment d on d.id = t.deployment_id join agent a on "
                    + "a.id = d.agent_id where a.slug = ? and t.tool = ?";
            text.append(tool).append(':')
                    .append(DatabaseProbe.queryLong("select coalesce(sum(t.calls), 0)::bigint" + where, agent, tool))
                    .append(" calls, ")
                    .append(DatabaseProbe.queryLong("select coalesce(sum(t.errors), 0)::bigint" + where, agent, tool))
                    .append(" errors, ")
                    .append(DatabaseProbe.queryLong("select coalesce(sum(t.latency_sum), 0)::bigint" + where, agent,
                            tool)).append(" ms;");
        }
        return text.toString();
    }
}
