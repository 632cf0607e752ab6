package dev.tightrope.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the server answered to one case: an HTTP status, content type and body (headers are not kept: nothing
 * checked depends on them), or the messages of a WebSocket conversation and how it was closed. {@code failure} is set when no answer came at all (connection reset, time
 * out), which the invariants treat as a server fault.
 */
public record Answer(int status, String contentType, byte[] body, List<String> messages, Short closeCode,
        String closeReason, String failure) {

    public static Answer http(int status, String contentType, byte[] body) {
        return new Answer(status, contentType, body, List.of(), null, null, null);
    }

    public static Answer socket(List<String> messages, Short closeCode, String closeReason, String failure) {
        return new Answer(0, null, new byte[0], List.copyOf(messages), closeCode, closeReason, failure);
    }

    public static Answer failed(String failure) {
        return new Answer(0, null, new byte[0], List.of(), null, null, failure);
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A short form for failure reports. */
    public String summary() {
        if (failure != null) {
            return "no answer: " + failure;
        }
        if (status != 0) {
            String text = text();
            return "HTTP " + status + " " + (contentType == null ? "(no content type)" : contentType) + " "
                    + (text.isEmpty() ? "(empty body)" : abbreviate(text, 400));
        }
        return "messages " + abbreviate(String.join(" | ", messages), 400) + (closeCode == null ? ""
                : " closed " + closeCode + " " + closeReason);
    }

    static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…(" + text.length() + " chars)";
    }
}
