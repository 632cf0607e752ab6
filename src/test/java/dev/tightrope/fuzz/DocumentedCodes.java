package dev.tightrope.fuzz;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The error codes a client may see, as documented (README "Errors"), and the text no answer may contain. Kept in one
 * place so that a new code or a new rule is one edit.
 */
public final class DocumentedCodes {

    /** Every {@code extensions.code} of every error answer (GraphQL, Slack, REST alike) must be one of these. */
    public static final Set<String> CODES = Set.of("VALIDATION", "NOT_FOUND", "CONFLICT", "UNAUTHENTICATED",
            "FORBIDDEN", "UNAVAILABLE", "PAYLOAD_TOO_LARGE", "METHOD_NOT_ALLOWED", "UNSUPPORTED_MEDIA_TYPE",
            "OVERLOADED", "INTERNAL");

    /** The code of a bug: never the answer to client input, which is all a fuzz case is. */
    public static final String INTERNAL = "INTERNAL";

    /**
     * Java leaking into messages: package names, exception class names, stack frames, and the JDK collection and
     * number classes graphql-java names when it describes a value ("but it was a 'LinkedHashMap'").
     */
    public static final List<Pattern> JAVA_TEXT = List.of(
            Pattern.compile("(?<![\\w/.-])(java|javax|jakarta)\\.[a-z]"),
            Pattern.compile("\\bio\\.(vertx|smallrye|quarkus|netty)\\b"),
            Pattern.compile("\\b(com\\.fasterxml|org\\.hibernate|org\\.postgresql|org\\.jboss)\\b"),
            Pattern.compile("(?<![\\w/.-])graphql\\.[A-Za-z]"),
            Pattern.compile("\\bdev\\.tightrope\\."),
            Pattern.compile("Exception"),
            Pattern.compile("\tat "),
            Pattern.compile("ClassCast"),
            Pattern.compile("NullPointer"),
            Pattern.compile("\\b(LinkedHashMap|HashMap|ArrayList|BigDecimal|BigInteger|JsonObject|JsonArray)\\b"));

    private DocumentedCodes() {
    }

    /** The first piece of Java text in {@code text}, or null. */
    public static String javaText(String text) {
        if (text == null) {
            return null;
        }
        for (Pattern pattern : JAVA_TEXT) {
            var matcher = pattern.matcher(text);
            if (matcher.find()) {
                int from = Math.max(0, matcher.start() - 40);
                int to = Math.min(text.length(), matcher.end() + 40);
                return "«" + matcher.group().replace("\t", "\\t") + "» in …" + text.substring(from, to)
                        .replace("\n", "\\n").replace("\t", "\\t") + "…";
            }
        }
        return null;
    }
}
