package dev.tightrope.telemetry.otlp;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import com.google.protobuf.ByteString;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

/** OTLP requests for tests, built with the published protobuf builders, as an OpenTelemetry SDK would send them. */
final class Spans {

    /** Deployments where every agent is deployed everywhere and no arm is known: for computing a batch id. */
    static final SpanOutcomes.Deployments DEPLOYED = new SpanOutcomes.Deployments() {
        @Override
        public boolean deployed(String agent, String environment) {
            return true;
        }

        @Override
        public dev.tightrope.release.domain.Arm armOf(String agent, String environment, int version) {
            return null;
        }
    };

    private Spans() {
    }

    static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    static KeyValue text(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue whole(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    static KeyValue number(String key, double value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setDoubleValue(value)).build();
    }

    static KeyValue flag(String key, boolean value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setBoolValue(value)).build();
    }

    /** A span of the trace, ending at {@code end} after {@code millis}; {@code parent} null for a root span. */
    static Span.Builder span(String trace, String spanId, String parent, String name, Instant end, long millis,
            KeyValue... attributes) {
        long endNanos = nanos(end);
        Span.Builder span = Span.newBuilder().setTraceId(id(trace)).setSpanId(id(spanId)).setName(name)
                .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
                .setStartTimeUnixNano(endNanos - millis * 1_000_000L).setEndTimeUnixNano(endNanos)
                .addAllAttributes(List.of(attributes));
        if (parent != null) {
            span.setParentSpanId(id(parent));
        }
        return span;
    }

    static Span.Builder failed(Span.Builder span) {
        return span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"));
    }

    static Span.Event event(String name, Instant at, KeyValue... attributes) {
        return Span.Event.newBuilder().setName(name).setTimeUnixNano(nanos(at)).addAllAttributes(List.of(attributes))
                .build();
    }

    /** One resource (with these attributes) and one scope holding the spans. */
    static ExportTraceServiceRequest request(List<KeyValue> resource, Span.Builder... spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        scope.getScopeBuilder().setName("test-instrumentation").setVersion("1.0");
        for (Span.Builder span : spans) {
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAllAttributes(resource)).addScopeSpans(scope)).build();
    }
}
