package dev.tightrope.sdk;

/** The base of every exception the SDK throws or hands to {@link TightropeListener#error}. */
public class TightropeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TightropeException(String message) {
        super(message);
    }

    public TightropeException(String message, Throwable cause) {
        super(message, cause);
    }
}
