package dev.tightrope.telemetry.otlp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;

import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * The two encodings of OTLP/HTTP: binary protobuf ({@code application/x-protobuf}) and OTLP/JSON
 * ({@code application/json}). A request is answered in its own encoding, errors included.
 *
 * <p><b>Errors</b> are a {@code google.rpc.Status}, as OTLP/HTTP requires: {@code code} is the gRPC code nearest
 * to the project's (see {@link #grpcCode}), {@code message} is the project's code, a colon and its message
 * ({@code "VALIDATION: The body is not …"}), and {@code details} holds one {@code google.rpc.ErrorInfo} with
 * {@code reason} = the project's code, {@code domain} = {@value #DOMAIN} and the error's scalar details as
 * {@code metadata} ({@code retryAfterSeconds}, {@code limitBytes}, {@code role}). Programs branch on
 * {@code details[0].reason}, exactly as on {@code extensions.code} elsewhere.
 */
enum OtlpEncoding {

    PROTOBUF("application/x-protobuf"),
    JSON("application/json");

    static final String DOMAIN = "tightrope";

    private static final TypeRegistry DETAILS = TypeRegistry.newBuilder().add(ErrorInfo.getDescriptor()).build();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace()
            .usingTypeRegistry(DETAILS);

    private final String contentType;

    OtlpEncoding(String contentType) {
        this.contentType = contentType;
    }

    String contentType() {
        return contentType;
    }

    /** The encoding of a Content-Type (parameters such as charset aside), or null when it is neither. */
    static OtlpEncoding of(String contentType) {
        if (contentType == null) {
            return null;
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip()
                .toLowerCase(Locale.ROOT);
        for (OtlpEncoding encoding : values()) {
            if (encoding.contentType.equals(type)) {
                return encoding;
            }
        }
        return null;
    }

    /** The request, or a VALIDATION error saying why the body is not one. */
    ExportTraceServiceRequest decode(byte[] body) {
        if (this == JSON) {
            return OtlpJson.read(body);
        }
        try {
            return ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw TightropeException.validation("The body is not a protobuf ExportTraceServiceRequest: "
                    + ParserMessages.readable(e));
        }
    }

    byte[] encode(Message message) {
        if (this == PROTOBUF) {
            return message.toByteArray();
        }
        try {
            return PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
        }
    }

    /** The google.rpc.Status of an error. */
    static Status status(TightropeException error) {
        ErrorInfo.Builder info = ErrorInfo.newBuilder().setReason(error.code().name()).setDomain(DOMAIN);
        for (Map.Entry<String, Object> detail : error.details().entrySet()) {
            Object value = detail.getValue();
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                info.putMetadata(detail.getKey(), String.valueOf(value));
            }
        }
        return Status.newBuilder().setCode(grpcCode(error.code()).getNumber())
                .setMessage(error.code().name() + ": " + error.getMessage())
                .addDetails(Any.pack(info.build())).build();
    }

    /**
     * The gRPC code of a project code, by google.rpc.Code's own HTTP mapping where there is one: VALIDATION,
     * PAYLOAD_TOO_LARGE and UNSUPPORTED_MEDIA_TYPE → INVALID_ARGUMENT (the request is wrong), UNAUTHENTICATED →
     * UNAUTHENTICATED, FORBIDDEN → PERMISSION_DENIED, NOT_FOUND → NOT_FOUND, CONFLICT → ABORTED, FROZEN,
     * APPROVAL_REQUIRED and SOAK_REQUIRED (never answered there) → FAILED_PRECONDITION, METHOD_NOT_ALLOWED
     * → UNIMPLEMENTED, OVERLOADED → RESOURCE_EXHAUSTED, UNAVAILABLE → UNAVAILABLE, INTERNAL → INTERNAL.
     */
    static Code grpcCode(ErrorCode code) {
        return switch (code) {
            case VALIDATION, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE -> Code.INVALID_ARGUMENT;
            case UNAUTHENTICATED -> Code.UNAUTHENTICATED;
            case FORBIDDEN -> Code.PERMISSION_DENIED;
            case NOT_FOUND -> Code.NOT_FOUND;
            case CONFLICT -> Code.ABORTED;
            case FROZEN, APPROVAL_REQUIRED, SOAK_REQUIRED -> Code.FAILED_PRECONDITION;
            case METHOD_NOT_ALLOWED -> Code.UNIMPLEMENTED;
            case OVERLOADED -> Code.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Code.UNAVAILABLE;
            case INTERNAL -> Code.INTERNAL;
        };
    }
}
