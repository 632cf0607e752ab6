package dev.tightrope.sdk;

/** An answer that is not what the runtime API documents: not JSON, or not a routing configuration. */
public final class ProtocolException extends TightropeException {

    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
