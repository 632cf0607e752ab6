package dev.tightrope.platform.graphql.socket;

import java.nio.charset.StandardCharsets;

/**
 * WebSocket close reasons that fit their frame: RFC 6455 gives a control frame at most 125 bytes of payload, two of
 * them the code, so a reason has 123 bytes of UTF-8. A longer one is cut (at a character, with "…"); clients such as
 * {@code ws} drop a frame that is too long and report 1006, so the code would be lost.
 */
final class CloseReasons {

    /** Bytes of UTF-8 a close reason may have. */
    static final int MAX_BYTES = 123;

    private CloseReasons() {
    }

    /** The reason, or its beginning and "…" when it is longer than {@link #MAX_BYTES}; never null. */
    static String fit(String reason) {
        if (reason == null) {
            return "";
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return reason;
        }
        int budget = MAX_BYTES - "…".getBytes(StandardCharsets.UTF_8).length;
        StringBuilder cut = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < reason.length(); ) {
            int codePoint = reason.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > budget) {
                break;
            }
            cut.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return cut.append('…').toString();
    }
}
