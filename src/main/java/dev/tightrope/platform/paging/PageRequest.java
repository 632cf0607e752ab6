package dev.tightrope.platform.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;

/**
 * A validated Relay-style page request: at most {@code first} items after the item whose ordering key is
 * {@code afterKey} (none: from the start).
 *
 * <p>Cursors are opaque to clients: base64url of {@code <kind>:<key>}, where the kind names the list so a cursor of
 * one list is rejected by another, and the key is the list's ordering key (an id or a version number). Keys are
 * stable, so pages do not shift when new items arrive.
 */
public record PageRequest(int first, Long afterKey) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    /**
     * @param first requested page size, {@code null} for {@value #DEFAULT_SIZE}; must be 0..{@value #MAX_SIZE}
     * @param after a cursor from this list, or {@code null}
     * @param kind  the list's cursor kind, e.g. {@code "agent"}
     */
    public static PageRequest of(Integer first, String after, String kind) {
        int size = first == null ? DEFAULT_SIZE : first;
        if (size < 0 || size > MAX_SIZE) {
            throw TightropeException.invalid(List.of(new Violation("first", "must be between 0 and " + MAX_SIZE)));
        }
        return new PageRequest(size, after == null || after.isEmpty() ? null : decode(after, kind));
    }

    public static String cursor(String kind, long key) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static long decode(String cursor, String kind) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(kind + ":")) {
                return Long.parseLong(text.substring(kind.length() + 1));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the validation error: the cursor was not made by this list
        }
        throw TightropeException.invalid(List.of(new Violation("after",
                "is not a cursor of this list; use a cursor from pageInfo.endCursor or edges.cursor")));
    }
}
