package dev.tightrope.sdk;

/**
 * {@link Tightrope#route} was called while no configuration is known at all: none came from the server yet, and
 * the file cache had none.
 */
public final class NotReadyException extends TightropeException {

    private static final long serialVersionUID = 1L;

    public NotReadyException(String message) {
        super(message);
    }
}
