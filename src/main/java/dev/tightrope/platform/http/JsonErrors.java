package dev.tightrope.platform.http;

import java.util.Map;

import dev.tightrope.platform.error.TightropeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes an error answer of an HTTP endpoint in the one shape every Tightrope error has, GraphQL's: {@code {"errors":
 * [{"message": "...", "extensions": {"code": "VALIDATION", ...details}}]}}, with the HTTP status of its code (or the
 * one given). A person reads the message; a program branches on {@code extensions.code}.
 */
public final class JsonErrors {

    /** A detail that is a GraphQL error's own field: where in the document the error is. */
    public static final String LOCATIONS = "locations";

    private JsonErrors() {
    }

    /** The error's JSON text, as sent. */
    public static String body(TightropeException error) {
        JsonObject extensions = new JsonObject();
        extensions.put("code", error.code().name());
        JsonObject entry = new JsonObject().put("message", error.getMessage());
        error.details().forEach((key, value) -> {
            if (LOCATIONS.equals(key)) {
                entry.put(key, value); // a GraphQL error's own field, not an extension
            } else {
                extensions.put(key, value);
            }
        });
        entry.put("extensions", extensions);
        return new JsonObject().put("errors", new JsonArray().add(entry)).encode();
    }

    /** Answers with the error at the HTTP status of its code, unless the answer has begun already. */
    public static void send(RoutingContext context, TightropeException error) {
        send(context, error.code().httpStatus(), error, Map.of());
    }

    /** Answers with the error at {@code status}, with extra headers, unless the answer has begun already. */
    public static void send(RoutingContext context, int status, TightropeException error, Map<String, String> headers) {
        if (context.response().headWritten() || context.response().ended()) {
            return;
        }
        context.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=UTF-8");
        headers.forEach(context.response()::putHeader);
        context.response().end(body(error));
    }
}
