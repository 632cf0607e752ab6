package dev.tightrope.telemetry.otlp;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import dev.tightrope.platform.error.TightropeException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * Reads an OTLP/JSON body into the published protobuf message. OTLP/JSON is the proto3 JSON mapping with two
 * differences, and protobuf's {@link JsonFormat} is given the request with those undone:
 *
 * <ul>
 * <li>trace and span ids ({@code traceId}, {@code spanId}, {@code parentSpanId} of spans, {@code traceId} and
 * {@code spanId} of links) are hex, not base64: they are rewritten to base64 in the JSON tree first, and a value
 * that is not hex refuses the request;</li>
 * <li>enums may be integers ({@code "kind": 2}): JsonFormat takes those as they are.</li>
 * </ul>
 * Unknown fields are ignored, as OTLP requires of receivers; int64 values may be strings or numbers; field names
 * may be lowerCamelCase or the proto's own. The JSON itself is read strictly (no comments, no trailing text), and
 * the body must be UTF-8.
 *
 * <p>Native image: JsonFormat reaches fields through the generated messages' accessor methods by reflection, so the
 * messages are registered for it ({@code OtlpReflection}); the gson tree API it (and this) uses needs none.
 */
final class OtlpJson {

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private OtlpJson() {
    }

    static ExportTraceServiceRequest read(byte[] body) {
        JsonElement tree = tree(utf8(body));
        if (!tree.isJsonObject()) {
            throw TightropeException.validation("The body must be a JSON object: an ExportTraceServiceRequest "
                    + "{\"resourceSpans\": […]}.");
        }
        for (JsonObject resourceSpans : objects(tree.getAsJsonObject(), "resourceSpans", "resource_spans")) {
            for (JsonObject scopeSpans : objects(resourceSpans, "scopeSpans", "scope_spans")) {
                for (JsonObject span : objects(scopeSpans, "spans", "spans")) {
                    hexToBase64(span, "traceId", "trace_id");
                    hexToBase64(span, "spanId", "span_id");
                    hexToBase64(span, "parentSpanId", "parent_span_id");
                    for (JsonObject link : objects(span, "links", "links")) {
                        hexToBase64(link, "traceId", "trace_id");
                        hexToBase64(link, "spanId", "span_id");
                    }
                }
            }
        }
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        try {
            PARSER.merge(tree.toString(), request);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw TightropeException.validation("The body is not an OTLP/JSON ExportTraceServiceRequest: "
                    + ParserMessages.readable(e));
        }
        return request.build();
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw TightropeException.validation("The body is not UTF-8 text.");
        }
    }

    private static JsonElement tree(String text) {
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement tree = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("text after the JSON value");
            }
            return tree;
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw TightropeException.validation("The body is not JSON: " + ParserMessages.readable(e));
        }
    }

    /** The objects of the array under either name (the JSON name or the proto's); JsonFormat judges other shapes. */
    private static Iterable<JsonObject> objects(JsonObject parent, String jsonName, String protoName) {
        java.util.List<JsonObject> found = new java.util.ArrayList<>();
        for (String name : jsonName.equals(protoName) ? new String[] {jsonName} : new String[] {jsonName,
                protoName}) {
            if (parent.get(name) instanceof JsonArray array) {
                for (JsonElement element : array) {
                    if (element.isJsonObject()) {
                        found.add(element.getAsJsonObject());
                    }
                }
            }
        }
        return found;
    }

    private static void hexToBase64(JsonObject object, String jsonName, String protoName) {
        for (String name : new String[] {jsonName, protoName}) {
            if (object.get(name) instanceof JsonPrimitive value && value.isString()) {
                String hex = value.getAsString();
                byte[] bytes;
                try {
                    bytes = HEX.parseHex(hex);
                } catch (IllegalArgumentException e) {
                    throw TightropeException.validation(jsonName + " '" + (hex.length() <= 40 ? hex
                            : hex.substring(0, 40) + "…") + "' is not hex: OTLP/JSON sends trace and span ids as "
                            + "hex digits (32 for a trace id, 16 for a span id), not base64.");
                }
                object.addProperty(name, Base64.getEncoder().encodeToString(bytes));
            }
        }
    }
}
