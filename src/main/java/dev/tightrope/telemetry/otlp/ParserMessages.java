package dev.tightrope.telemetry.otlp;

import java.util.regex.Pattern;

/**
 * A parser's complaint in words for the sender: the libraries that read OTLP bodies (Gson, protobuf, the JDK's
 * gzip stream) wrap one exception in another and put the inner one's class name in the message ({@code
 * "java.io.EOFException: End of input at line 1 column 2 path $."}), and Gson appends a link to its own
 * troubleshooting page, and for malformed JSON advice to its Java callers ({@code "Use
 * JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON at line 1 column 1 path $"}). All of that is
 * removed or reworded; what is left says what is wrong and where ({@code "malformed JSON at line 1 column 1 path $"}).
 */
final class ParserMessages {

    /** A qualified Java class name ending in Exception or Error, with the colon after it. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*");
    private static final Pattern LINK = Pattern.compile("\\s*See https?://\\S+");
    /** Gson's advice to the program that called it, which the sender cannot follow. */
    private static final Pattern LENIENCY_ADVICE = Pattern.compile(
            "Use JsonReader\\.setStrictness\\([^)]*\\) to accept malformed JSON");

    private ParserMessages() {
    }

    /** The message of the innermost cause that has one, without class names or links. */
    static String readable(Throwable error) {
        String message = null;
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
        }
        if (message == null) {
            return "it cannot be read";
        }
        String cleaned = LINK.matcher(CLASS_NAME.matcher(message).replaceAll("")).replaceAll("");
        cleaned = LENIENCY_ADVICE.matcher(cleaned).replaceAll("malformed JSON").strip();
        return cleaned.isEmpty() ? "it cannot be read" : cleaned;
    }
}
