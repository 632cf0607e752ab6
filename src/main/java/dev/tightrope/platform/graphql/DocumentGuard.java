package dev.tightrope.platform.graphql;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.tightrope.platform.error.ErrorCode;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Answers malformed GraphQL requests with a coded error before they reach the engine.
 *
 * <p>Why: SmallRye GraphQL parses the document itself before execution and, when that fails, answers "Unparseable
 * input document" without a position or {@code extensions.code}; a missing {@code query} or a body that is not
 * JSON gets a similar uncoded answer. Here the document is parsed with the same graphql-java parser and a failure
 * becomes a VALIDATION error naming the line and column. Documents that parsed once are remembered (up to
 * {@value #REMEMBERED} of them), so the common case — a client sending the same few documents with different
 * variables — costs one hash lookup.
 */
@ApplicationScoped
public class DocumentGuard {

    static final int REMEMBERED = 2_000;

    private final Set<String> wellFormed = ConcurrentHashMap.newKeySet();

    void install(@Observes Router router) {
        router.post("/graphql").order(-100).handler(BodyHandler.create()).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (!authenticated(context)) {
            context.next(); // the permission check answers 401 first: nothing about the request is judged before
            return;
        }
        String contentType = context.request().getHeader("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            context.next();
            return;
        }
        JsonObject body;
        try {
            body = context.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            reject(context, "The request body is not a JSON object: " + e.getMessage(), null, null);
            return;
        }
        Object query = body == null ? null : body.getValue("query");
        if (!(query instanceof String document) || document.isBlank()) {
            reject(context, "The request has no 'query': send {\"query\": \"...\", \"variables\": {...}}", null,
                    null);
            return;
        }
        if (!wellFormed.contains(document)) {
            try {
                Parser.parse(document);
            } catch (InvalidSyntaxException e) {
                var location = e.getLocation();
                reject(context, e.getMessage(), location == null ? null : location.getLine(),
                        location == null ? null : location.getColumn());
                return;
            }
            if (wellFormed.size() >= REMEMBERED) {
                wellFormed.clear();
            }
            wellFormed.add(document);
        }
        context.next();
    }

    private static boolean authenticated(RoutingContext context) {
        return context.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous();
    }

    private static void reject(RoutingContext context, String message, Integer line, Integer column) {
        JsonObject error = new JsonObject()
                .put("message", message)
                .put("extensions", new JsonObject()
                        .put("code", ErrorCode.VALIDATION.name())
                        .put("classification", "InvalidSyntax"));
        if (line != null) {
            error.put("locations", new JsonArray().add(new JsonObject(Map.of("line", line, "column", column))));
        }
        context.response()
                .setStatusCode(200)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("errors", new JsonArray().add(error)).encode());
    }
}
