package dev.tightrope.platform.error;

/**
 * One invalid field: where it is ({@code prompt.examples[1].output}) and what is wrong with it.
 */
public record Violation(String path, String message) {

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
