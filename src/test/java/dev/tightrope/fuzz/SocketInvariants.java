package dev.tightrope.fuzz;

import java.util.ArrayList;
import java.util.List;

import dev.tightrope.fuzz.FuzzCase.Auth;
import dev.tightrope.fuzz.FuzzCase.Expect;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@link Invariants} for WebSocket conversations: every frame the server sends is JSON; every {@code error}
 * payload and every {@code next} payload's errors are coded, never INTERNAL, without Java text; the socket is never
 * closed as an internal error (4500, 1011); a valid token is acknowledged; and the first answer to the awaited
 * operation is what the generator expected.
 */
final class SocketInvariants {

    private SocketInvariants() {
    }

    static Invariants.Verdict check(FuzzCase fuzzCase, Answer answer) {
        List<String> violations = new ArrayList<>();
        if (answer.failure() != null) {
            violations.add("[no-answer] " + answer.failure());
            return new Invariants.Verdict(violations, false);
        }
        FuzzCase.SocketCall call = fuzzCase.socket();
        if (SocketCases.INIT.equals(call.init()) && (call.auth() == Auth.ADMIN || call.auth() == Auth.RUNTIME)
                && (answer.messages().isEmpty() || !answer.messages().get(0).contains("\"connection_ack\""))) {
            violations.add("[socket-no-ack] a valid token was not acknowledged: " + answer.summary());
        }
        String awaited = call.awaited().isEmpty() ? null : call.awaited().get(0);
        JsonObject first = null;
        for (String message : answer.messages()) {
            JsonObject json = Invariants.parse(message);
            if (json == null) {
                violations.add("[not-graphql] the server sent a frame that is not a JSON object: "
                        + Answer.abbreviate(message, 200));
                continue;
            }
            Object type = json.getValue("type");
            if ("error".equals(type)) {
                Object payload = json.getValue("payload");
                if (!(payload instanceof JsonArray)) {
                    violations.add("[not-graphql] an error message whose payload is not an array of errors");
                }
                Invariants.checkErrors(payload, violations);
            } else if ("next".equals(type) && json.getValue("payload") instanceof JsonObject payload) {
                Invariants.checkErrors(payload.getValue("errors"), violations);
            }
            if (first == null && awaited != null && awaited.equals(json.getValue("id"))) {
                first = json;
            }
        }
        Short code = answer.closeCode();
        if (code != null && (code == 4500 || code == 1011)) {
            violations.add("[socket-internal-close] closed with " + code + " " + answer.closeReason());
        }
        String java = DocumentedCodes.javaText(answer.closeReason());
        if (java != null) {
            violations.add("[java-text] close reason: " + java);
        }
        boolean refusal = first == null ? code != null : isRefusal(first);
        List<String> codes = first == null ? List.of() : codes(first);
        if (awaited != null && first == null && code == null) {
            violations.add("[no-answer] operation " + awaited + " got no answer, and the socket stayed open");
        }
        if (fuzzCase.expect() == Expect.VALIDATION && (!refusal || !codes.stream().allMatch("VALIDATION"::equals)
                || codes.isEmpty() && code == null)) {
            violations.add("[expected-VALIDATION] the input breaks the schema, but the first answer was "
                    + (first == null ? "none (closed " + code + ")" : Answer.abbreviate(first.encode(), 300)));
        }
        if (fuzzCase.expect() == Expect.REFUSED && !refusal) {
            violations.add("[expected-refusal] the operation must not run, but got "
                    + Answer.abbreviate(first == null ? "nothing" : first.encode(), 300));
        }
        return new Invariants.Verdict(violations, refusal);
    }

    private static boolean isRefusal(JsonObject message) {
        if ("error".equals(message.getValue("type"))) {
            return true;
        }
        return message.getValue("payload") instanceof JsonObject payload && Invariants.noData(payload.getValue("data"))
                && payload.getValue("errors") instanceof JsonArray errors && !errors.isEmpty();
    }

    private static List<String> codes(JsonObject message) {
        Object payload = message.getValue("payload");
        if (payload instanceof JsonArray errors) {
            return Invariants.codes(new JsonObject().put("errors", errors));
        }
        return payload instanceof JsonObject object ? Invariants.codes(object) : List.of();
    }
}
