package dev.tightrope.fuzz;

import java.util.ArrayList;
import java.util.List;

import dev.tightrope.fuzz.FuzzCase.Expect;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The invariants every answer to client input must meet, checked one answer at a time: no 5xx and no missing
 * answer; every error (and every non-2xx JSON body) coded from {@link DocumentedCodes#CODES}; never INTERNAL; no
 * Java text in messages; and what the generator expected ({@link Expect}). Each violation starts with a tag in
 * brackets that groups failures of one kind. Whether a refusal changed data, and differential equality, need more
 * than one answer and are checked by the test itself.
 */
final class Invariants {

    /** The violations found, and whether the answer is an error without data (nothing may have changed). */
    record Verdict(List<String> violations, boolean refusal) {
    }

    private Invariants() {
    }

    static Verdict http(FuzzCase fuzzCase, Answer answer) {
        List<String> violations = new ArrayList<>();
        if (answer.failure() != null) {
            violations.add("[no-answer] " + answer.failure());
            return new Verdict(violations, false);
        }
        boolean slack = fuzzCase.http().path().startsWith("/slack");
        int status = answer.status();
        if (status >= 500) {
            violations.add("[5xx] HTTP " + status);
        }
        JsonObject json = parse(answer.text());
        String contentType = answer.contentType() == null ? "" : answer.contentType();
        if (json == null) {
            String java = DocumentedCodes.javaText(answer.text());
            if (java != null) {
                violations.add("[java-text] body: " + java);
            }
            if (status < 200 || status >= 300) {
                violations.add("[uncoded-status] HTTP " + status + " without a JSON body carrying a code");
            } else if (!slack && !"OPTIONS".equals(fuzzCase.http().method())) {
                violations.add("[not-graphql] HTTP " + status + " answer is not a JSON object");
            }
            if (slack && answer.text().contains("because of an internal error")) {
                violations.add("[INTERNAL] Slack answer reports an internal error");
            }
        } else if (slack) {
            checkSlackJson(json, status, violations);
        } else {
            List<String> codes = checkErrors(json.getValue("errors"), violations);
            Object topCode = json.getValue("code");
            if (topCode != null) {
                codes.add(String.valueOf(topCode));
                checkCode(String.valueOf(topCode), violations);
            }
            if ((status < 200 || status >= 300) && codes.isEmpty()) {
                violations.add("[uncoded-status] HTTP " + status + " JSON body without a code");
            }
            if (status >= 200 && status < 300 && !json.containsKey("data") && !json.containsKey("errors")
                    && !"OPTIONS".equals(fuzzCase.http().method())) {
                violations.add("[not-graphql] 2xx JSON body with neither data nor errors");
            }
            if (!contentType.contains("json")) {
                violations.add("[content-type] JSON body served as '" + contentType + "'");
            }
        }
        boolean noData = json == null || noData(json.getValue("data"));
        boolean hasErrors = json != null && json.getValue("errors") instanceof JsonArray errors && !errors.isEmpty();
        boolean refusal = status >= 400 || (hasErrors && noData);
        expect(fuzzCase.expect(), status, json, refusal, violations);
        return new Verdict(violations, refusal && !slack || slack && status >= 400);
    }

    private static void expect(Expect expect, int status, JsonObject json, boolean refusal, List<String> violations) {
        List<String> codes = json == null ? List.of() : codes(json);
        switch (expect) {
            case VALIDATION -> {
                if (!refusal || codes.isEmpty() || !codes.stream().allMatch("VALIDATION"::equals)) {
                    violations.add("[expected-VALIDATION] the input breaks the schema, but got HTTP " + status
                            + " codes " + codes + (refusal ? "" : " with data"));
                }
            }
            case REFUSED -> {
                if (!refusal) {
                    violations.add("[expected-refusal] the request must not run, but got HTTP " + status + " with "
                            + "data");
                }
            }
            case TOO_LARGE -> {
                if (status != 413 || !codes.contains("PAYLOAD_TOO_LARGE")) {
                    violations.add("[expected-413] a body over 2 MiB, but got HTTP " + status + " codes " + codes);
                }
            }
            case UNAUTHENTICATED -> {
                if (status != 401) {
                    violations.add("[expected-401] no valid credential, but got HTTP " + status + " codes " + codes);
                } else if (json != null && !codes.contains("UNAUTHENTICATED")) {
                    violations.add("[expected-401] 401 without UNAUTHENTICATED: " + codes);
                }
            }
            default -> {
                // only the general invariants
            }
        }
    }

    /** The codes of a GraphQL answer's errors, or its top-level code. */
    static List<String> codes(JsonObject json) {
        List<String> codes = new ArrayList<>();
        if (json.getValue("errors") instanceof JsonArray errors) {
            for (Object error : errors) {
                if (error instanceof JsonObject e && e.getValue("extensions") instanceof JsonObject x
                        && x.getValue("code") != null) {
                    codes.add(String.valueOf(x.getValue("code")));
                }
            }
        }
        if (json.getValue("code") != null) {
            codes.add(String.valueOf(json.getValue("code")));
        }
        return codes;
    }

    /** Checks a GraphQL {@code errors} value; returns the codes found. */
    static List<String> checkErrors(Object errors, List<String> violations) {
        List<String> codes = new ArrayList<>();
        if (errors == null) {
            return codes;
        }
        if (!(errors instanceof JsonArray list)) {
            violations.add("[not-graphql] errors is not an array: " + errors);
            return codes;
        }
        for (Object item : list) {
            if (!(item instanceof JsonObject error)) {
                violations.add("[not-graphql] an error is not an object: " + item);
                continue;
            }
            String message = String.valueOf(error.getValue("message"));
            String java = DocumentedCodes.javaText(message);
            if (java != null) {
                violations.add("[java-text] message: " + java);
            }
            Object extensions = error.getValue("extensions");
            Object code = extensions instanceof JsonObject x ? x.getValue("code") : null;
            if (code == null) {
                violations.add("[uncoded-error] " + Answer.abbreviate(message, 200));
                continue;
            }
            codes.add(String.valueOf(code));
            checkCode(String.valueOf(code), violations);
            JsonObject rest = ((JsonObject) extensions).copy();
            rest.remove("classification");
            String extensionsJava = DocumentedCodes.javaText(rest.encode());
            if (extensionsJava != null) {
                violations.add("[java-text] extensions: " + extensionsJava);
            }
            if (DocumentedCodes.INTERNAL.equals(code)) {
                violations.add("[INTERNAL] " + Answer.abbreviate(message, 200));
            }
        }
        return codes;
    }

    private static void checkCode(String code, List<String> violations) {
        if (!DocumentedCodes.CODES.contains(code)) {
            violations.add("[unknown-code] " + code);
        }
    }

    private static void checkSlackJson(JsonObject json, int status, List<String> violations) {
        String text = json.encode();
        String java = DocumentedCodes.javaText(text);
        if (java != null) {
            violations.add("[java-text] Slack answer: " + java);
        }
        if (text.contains("because of an internal error")) {
            violations.add("[INTERNAL] Slack answer reports an internal error: " + Answer.abbreviate(
                    json.getString("text", text), 200));
        }
        if (status >= 400 && checkErrors(json.getValue("errors"), violations).isEmpty()) {
            violations.add("[uncoded-status] Slack HTTP " + status + " JSON body without errors[].extensions.code");
        }
    }

    /** No data: none at all, or only null fields (a refused nullable root field answers {@code {"agent": null}}). */
    static boolean noData(Object data) {
        return data == null || data instanceof JsonObject object && object.stream().allMatch(e -> e.getValue() == null);
    }

    static JsonObject parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new JsonObject(text);
        } catch (RuntimeException notAnObject) {
            return null;
        }
    }
}
