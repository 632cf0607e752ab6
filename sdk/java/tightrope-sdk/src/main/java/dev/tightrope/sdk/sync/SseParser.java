package dev.tightrope.sdk.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * An incremental parser of Server-Sent Events by the WHATWG {@code text/event-stream} rules.
 *
 * <p>Feed it text as it arrives (decoded by a streaming UTF-8 decoder, so a character split across chunks arrives
 * whole); {@link #feed} returns the events the chunk completed. Lines end with LF, CRLF or a lone CR, also when the
 * CR and the LF come in different chunks. A line starting with {@code :} is a comment (Tightrope's heartbeat). The
 * fields are {@code id} (ignored when it holds NUL), {@code event}, {@code data} (one per line, joined with LF) and
 * {@code retry} (digits only); others are ignored. A blank line dispatches the event when it has data, and resets
 * its type; the last id is kept across events. A byte-order mark at the very start is skipped.
 *
 * <p>Not thread-safe: one parser per stream, fed by one thread.
 */
public final class SseParser {

    private final StringBuilder line = new StringBuilder(256);
    private boolean afterCr;
    private boolean first = true;
    private String lastEventId;
    private String eventType;
    private StringBuilder data;
    private long retryMs = -1;
    private long comments;

    /** Parses {@code chunk}; the events it completed, in order. */
    public List<SseEvent> feed(CharSequence chunk) {
        List<SseEvent> events = null;
        for (int i = 0; i < chunk.length(); i++) {
            char c = chunk.charAt(i);
            if (afterCr) {
                afterCr = false;
                if (c == '\n') {
                    continue; // the LF of a CRLF
                }
            }
            if (c == '\n' || c == '\r') {
                afterCr = c == '\r';
                SseEvent event = endLine();
                if (event != null) {
                    if (events == null) {
                        events = new ArrayList<>(2);
                    }
                    events.add(event);
                }
            } else {
                line.append(c);
            }
        }
        return events == null ? List.of() : events;
    }

    /** The last event id seen, or null. */
    public String lastEventId() {
        return lastEventId;
    }

    /** The last {@code retry:} hint, in milliseconds. */
    public OptionalLong retryMs() {
        return retryMs < 0 ? OptionalLong.empty() : OptionalLong.of(retryMs);
    }

    /** Comment lines seen (heartbeats). */
    public long comments() {
        return comments;
    }

    private SseEvent endLine() {
        String text = line.toString();
        line.setLength(0);
        if (first) {
            first = false;
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            SseEvent event = data == null ? null
                    : new SseEvent(lastEventId, eventType == null ? "message" : eventType, data.toString());
            data = null;
            eventType = null;
            return event;
        }
        if (text.charAt(0) == ':') {
            comments++;
            return null;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data":
                if (data == null) {
                    data = new StringBuilder(value.length());
                } else {
                    data.append('\n');
                }
                data.append(value);
                break;
            case "event":
                eventType = value;
                break;
            case "id":
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
                break;
            case "retry":
                if (!value.isEmpty() && value.length() <= 18 && value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                    retryMs = Long.parseLong(value);
                }
                break;
            default:
                break; // unknown fields are ignored, as the standard says
        }
        return null;
    }
}
