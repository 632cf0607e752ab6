package dev.tightrope.sdk.json;

/**
 * Text that is not JSON (with the offset, counted in characters from 0, where reading stopped), or a value that
 * cannot be written as JSON (then the offset is -1).
 */
public final class JsonException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int offset;

    JsonException(String message, int offset) {
        super(offset < 0 ? message : message + " (at character " + offset + ")");
        this.offset = offset;
    }

    /** Where in the text the problem is, counted in characters from 0; -1 for a value that cannot be written. */
    public int offset() {
        return offset;
    }
}
