package dev.tightrope.telemetry.otlp;

import static dev.tightrope.telemetry.otlp.Spans.number;
import static dev.tightrope.telemetry.otlp.Spans.text;
import static dev.tightrope.telemetry.otlp.Spans.whole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * OTLP/JSON as exporters write it (hex ids, lowerCamelCase, int64 as strings, enums as integers) reads into exactly
 * the message the protobuf builders make, and errors are google.rpc.Status in either encoding.
 */
class OtlpJsonTest {

    /** What an OpenTelemetry SDK's OTLP/JSON exporter sends for an agent span with one tool span. */
    static final String EXPORT = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}},
              {"key":"deployment.environment.name","value":{"stringValue":"production"}}]},
             "scopeSpans":[{"scope":{"name":"tightrope-test","version":"1.0"},"spans":[
              {"traceId":"4BF92F3577B34DA6A3CE929D0E0E4736","spanId":"00f067aa0ba902b7","name":"invoke_agent support-bot",
               "kind":1,"startTimeUnixNano":"1796119205000000000","endTimeUnixNano":"1796119207300000000",
               "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"invoke_agent"}},
                {"key":"tightrope.agent","value":{"stringValue":"support-bot"}},
                {"key":"tightrope.version","value":{"intValue":"14"}},
                {"key":"gen_ai.usage.input_tokens","value":{"intValue":900}},
                {"key":"tightrope.cost_usd","value":{"doubleValue":0.004}},
                {"key":"tightrope.task_completed","value":{"boolValue":true}}],
               "events":[{"timeUnixNano":"1796119207200000000","name":"gen_ai.evaluation.result",
                 "attributes":[{"key":"gen_ai.evaluation.score.value","value":{"doubleValue":0.8}}]}],
               "status":{"code":2,"message":"refund failed"},"flags":257,"someFieldOfAFutureVersion":{"x":1}},
              {"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"1000000000000002","parentSpanId":"00f067aa0ba902b7",
               "name":"execute_tool lookup_order","kind":"SPAN_KIND_CLIENT","startTimeUnixNano":1796119206000000000,
               "endTimeUnixNano":"1796119206310000000",
               "attributes":[{"key":"gen_ai.tool.name","value":{"stringValue":"lookup_order"}}],
               "links":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331"}]}]}]}]}
            """;

    /** The same export, built with the protobuf builders. */
    static ExportTraceServiceRequest built() {
        Span agent = Span.newBuilder().setTraceId(Spans.id("4bf92f3577b34da6a3ce929d0e0e4736"))
                .setSpanId(Spans.id("00f067aa0ba902b7")).setName("invoke_agent support-bot")
                .setKind(Span.SpanKind.SPAN_KIND_INTERNAL).setStartTimeUnixNano(1796119205000000000L)
                .setEndTimeUnixNano(1796119207300000000L)
                .addAllAttributes(List.of(text("gen_ai.operation.name", "invoke_agent"),
                        text("tightrope.agent", "support-bot"), whole("tightrope.version", 14),
                        whole("gen_ai.usage.input_tokens", 900), number("tightrope.cost_usd", 0.004),
                        KeyValue.newBuilder().setKey("tightrope.task_completed")
                                .setValue(AnyValue.newBuilder().setBoolValue(true)).build()))
                .addEvents(Span.Event.newBuilder().setTimeUnixNano(1796119207200000000L)
                        .setName("gen_ai.evaluation.result").addAttributes(number("gen_ai.evaluation.score.value", 0.8)))
                .setStatus(io.opentelemetry.proto.trace.v1.Status.newBuilder()
                        .setCode(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR)
                        .setMessage("refund failed"))
                .setFlags(257).build();
        Span tool = Span.newBuilder().setTraceId(Spans.id("4bf92f3577b34da6a3ce929d0e0e4736"))
                .setSpanId(Spans.id("1000000000000002")).setParentSpanId(Spans.id("00f067aa0ba902b7"))
                .setName("execute_tool lookup_order").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .setStartTimeUnixNano(1796119206000000000L).setEndTimeUnixNano(1796119206310000000L)
                .addAttributes(text("gen_ai.tool.name", "lookup_order"))
                .addLinks(Span.Link.newBuilder().setTraceId(Spans.id("0af7651916cd43dd8448eb211c80319c"))
                        .setSpanId(Spans.id("b7ad6b7169203331")))
                .build();
        ScopeSpans.Builder scope = ScopeSpans.newBuilder().addSpans(agent).addSpans(tool);
        scope.getScopeBuilder().setName("tightrope-test").setVersion("1.0");
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(text("service.name", "checkout"))
                        .addAttributes(text("deployment.environment.name", "production")))
                .addScopeSpans(scope)).build();
    }

    @Test
    void otlpJsonReadsIntoTheSameMessageAsTheProtobufBuilders() {
        ExportTraceServiceRequest fromJson = OtlpEncoding.JSON.decode(EXPORT.getBytes(StandardCharsets.UTF_8));
        assertThat(fromJson).isEqualTo(built());
        assertThat(OtlpEncoding.PROTOBUF.decode(built().toByteArray())).isEqualTo(built());
    }

    @Test
    void snakeCaseFieldNamesAreReadToo() {
        String snake = "{\"resource_spans\":[{\"scope_spans\":[{\"spans\":[{\"trace_id\":"
                + "\"4bf92f3577b34da6a3ce929d0e0e4736\",\"span_id\":\"00f067aa0ba902b7\",\"name\":\"x\"}]}]}]}";
        Span span = OtlpEncoding.JSON.decode(snake.getBytes(StandardCharsets.UTF_8)).getResourceSpans(0)
                .getScopeSpans(0).getSpans(0);
        assertThat(span.getSpanId()).isEqualTo(Spans.id("00f067aa0ba902b7"));
    }

    @Test
    void bodiesThatAreNotRequestsAreRefused() {
        for (String body : List.of("", "[]", "{\"resourceSpans\":[]} trailing", "{'resourceSpans':[]}",
                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"S/kvNXezTaajzpKdDg5HNg==\"}]}]}]}",
                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":7,\"startTimeUnixNano\":\"soon\"}]}]}]}")) {
            assertThatThrownBy(() -> OtlpEncoding.JSON.decode(body.getBytes(StandardCharsets.UTF_8))).as(body)
                    .isInstanceOfSatisfying(TightropeException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                        // written for the sender: no class names of the parsers, no links to their pages
                        assertThat(e.getMessage()).doesNotContainPattern("[a-z]\\.[A-Z]\\w*(Exception|Error)")
                                .doesNotContain("https://").doesNotContain("JsonReader").doesNotContain("Strictness");
                    });
        }
        assertThatThrownBy(() -> OtlpEncoding.JSON.decode("nope".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("The body is not JSON: malformed JSON at line 1 column 1 path $");
        assertThatThrownBy(() -> OtlpEncoding.JSON.decode("{".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("The body is not JSON: End of input at line 1 column 2 path $.");
        String deep = "[".repeat(300) + "]".repeat(300);
        assertThatThrownBy(() -> OtlpEncoding.JSON.decode(deep.getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("The body is not JSON: Nesting limit 255 reached at line 1 column");
        assertThatThrownBy(() -> OtlpEncoding.JSON.decode(new byte[] {'{', (byte) 0xC3, '}'}))
                .hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> OtlpEncoding.PROTOBUF.decode(new byte[] {0x0A, 0x7F, 0x01}))
                .hasMessageContaining("not a protobuf ExportTraceServiceRequest");
    }

    @Test
    void errorsAreGoogleRpcStatusWithTheProjectsCode() throws Exception {
        TightropeException overloaded = new TightropeException(ErrorCode.OVERLOADED, "Too many outcomes.",
                java.util.Map.of("retryAfterSeconds", 2L));
        Status status = OtlpEncoding.status(overloaded);
        assertThat(status.getCode()).isEqualTo(com.google.rpc.Code.RESOURCE_EXHAUSTED_VALUE);
        assertThat(status.getMessage()).isEqualTo("OVERLOADED: Too many outcomes.");
        ErrorInfo info = status.getDetails(0).unpack(ErrorInfo.class);
        assertThat(info.getReason()).isEqualTo("OVERLOADED");
        assertThat(info.getDomain()).isEqualTo("tightrope");
        assertThat(info.getMetadataMap()).containsEntry("retryAfterSeconds", "2");
        assertThat(Status.parseFrom(OtlpEncoding.PROTOBUF.encode(status))).isEqualTo(status);
        assertThat(new String(OtlpEncoding.JSON.encode(status), StandardCharsets.UTF_8)).isEqualTo(
                "{\"code\":8,\"message\":\"OVERLOADED: Too many outcomes.\",\"details\":[{\"@type\":"
                        + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"OVERLOADED\",\"domain\":"
                        + "\"tightrope\",\"metadata\":{\"retryAfterSeconds\":\"2\"}}]}");
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(OtlpEncoding.grpcCode(code)).as(code.name()).isNotNull();
        }
    }

    @Test
    void contentTypesAreTheTwoOfOtlp() {
        assertThat(OtlpEncoding.of("application/x-protobuf")).isEqualTo(OtlpEncoding.PROTOBUF);
        assertThat(OtlpEncoding.of("Application/JSON; charset=utf-8")).isEqualTo(OtlpEncoding.JSON);
        assertThat(OtlpEncoding.of("application/x-ndjson")).isNull();
        assertThat(OtlpEncoding.of("application/protobuf")).isNull();
        assertThat(OtlpEncoding.of(null)).isNull();
    }
}
