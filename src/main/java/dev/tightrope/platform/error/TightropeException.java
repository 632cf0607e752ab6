package dev.tightrope.platform.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An error a client can act on: a {@link ErrorCode}, a message written for a person, and optional structured
 * details (for example the current generation on a conflict, or the list of invalid fields).
 *
 * <p>Plain Java on purpose, so domain code can throw it; the GraphQL and REST layers turn it into
 * {@code extensions.code} and HTTP statuses. It carries no stack trace: it describes the request, not the server.
 */
public class TightropeException extends RuntimeException {

    private final ErrorCode code;
    private final transient Map<String, Object> details;

    public TightropeException(ErrorCode code, String message) {
        this(code, message, Map.of(), null);
    }

    public TightropeException(ErrorCode code, String message, Map<String, Object> details) {
        this(code, message, details, null);
    }

    public TightropeException(ErrorCode code, String message, Map<String, Object> details, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public ErrorCode code() {
        return code;
    }

    /** Extra machine-readable facts about the error; values are strings, numbers, booleans, lists or maps. */
    public Map<String, Object> details() {
        return details;
    }

    public static TightropeException notFound(String message) {
        return new TightropeException(ErrorCode.NOT_FOUND, message);
    }

    public static TightropeException conflict(String message) {
        return new TightropeException(ErrorCode.CONFLICT, message);
    }

    public static TightropeException validation(String message) {
        return new TightropeException(ErrorCode.VALIDATION, message);
    }

    /**
     * A validation error listing every invalid field. The message names the first ones so a person reading only the
     * message still knows what to fix; {@code details.violations} has them all.
     */
    public static TightropeException invalid(List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("no violations");
        }
        StringBuilder message = new StringBuilder("Invalid input: ");
        int shown = Math.min(3, violations.size());
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                message.append("; ");
            }
            message.append(violations.get(i));
        }
        if (violations.size() > shown) {
            message.append(" (and ").append(violations.size() - shown).append(" more)");
        }
        List<Map<String, Object>> list = violations.stream()
                .map(v -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("path", v.path());
                    entry.put("message", v.message());
                    return entry;
                })
                .toList();
        return new TightropeException(ErrorCode.VALIDATION, message.toString(), Map.of("violations", list));
    }

    /** The violations of a {@link #invalid} error, in order; empty for any other error. */
    public List<Violation> violations() {
        if (!(details.get("violations") instanceof List<?> list)) {
            return List.of();
        }
        List<Violation> violations = new java.util.ArrayList<>(list.size());
        for (Object item : list) {
            if (item instanceof Map<?, ?> map && map.get("path") instanceof String path
                    && map.get("message") instanceof String text) {
                violations.add(new Violation(path, text));
            }
        }
        return violations;
    }

    public static TightropeException unavailable(String message, Throwable cause) {
        return new TightropeException(ErrorCode.UNAVAILABLE, message, Map.of(), cause);
    }
}
