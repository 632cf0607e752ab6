package dev.tightrope.sdk.http;

/** Failures as one line for the log and the error listeners. */
public final class Failures {

    private Failures() {
    }

    /**
     * An exception's message followed by its causes' in parentheses (at most three levels), with the class name
     * where there is no message: the JDK's {@code ConnectException} often has none, and "fetch failed" alone says
     * nothing.
     */
    public static String describe(Throwable error) {
        return describe(error, 0);
    }

    private static String describe(Throwable error, int depth) {
        String message = error.getMessage();
        String own = message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
        Throwable cause = error.getCause();
        if (cause == null || cause == error || depth >= 2
                || (cause.getMessage() != null && own.contains(cause.getMessage()))) {
            return own;
        }
        return own + " (" + describe(cause, depth + 1) + ")";
    }
}
