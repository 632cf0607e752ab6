package dev.tightrope.telemetry.otlp;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;

import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.EntityRef;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The protobuf messages OTLP/JSON and the JSON error answers go through, registered for reflection in the native
 * image. Binary protobuf needs none of it: parsing and writing are generated code, and the descriptors are built
 * from the generated classes' embedded descriptor bytes. JsonFormat, however, reads and writes fields through each
 * message's {@code FieldAccessorTable}, which looks up the generated {@code getX}/{@code setX}/{@code addX}/
 * {@code newBuilder} methods of the message and its Builder (and {@code valueOf}/{@code getValueDescriptor} of
 * enums) by reflection. Nested classes (each Builder, {@code Span.Event}, {@code Span.Link}, {@code Span.SpanKind},
 * {@code Status.StatusCode}) are included, since {@code ignoreNested} is false. Every message type reachable from an
 * {@code ExportTraceServiceRequest}, the response, and {@code google.rpc.Status} with its {@code Any}-packed
 * {@code ErrorInfo} are listed.
 */
@RegisterForReflection(targets = {ExportTraceServiceRequest.class, ExportTraceServiceResponse.class,
        ExportTracePartialSuccess.class, ResourceSpans.class, ScopeSpans.class, Span.class,
        io.opentelemetry.proto.trace.v1.Status.class, Resource.class, InstrumentationScope.class, KeyValue.class,
        AnyValue.class, ArrayValue.class, KeyValueList.class, EntityRef.class, Status.class, ErrorInfo.class,
        Any.class})
final class OtlpReflection {

    private OtlpReflection() {
    }
}
