package dev.tightrope.demo.domain;

import java.util.Optional;

/**
 * Reads a Server-Sent Events stream line by line (the configuration stream of docs/runtime-api.md): {@code id:},
 * {@code event:} and {@code data:} fields until a blank line ends the event; comments ({@code : heartbeat}) and
 * {@code retry:} are skipped. Several {@code data:} lines are joined with a line break, as the HTML standard says.
 */
public final class ServerSentEvents {

    /** One complete event. {@code type} is {@code "message"} when the stream names none. */
    public record Event(String id, String type, String data) {
    }

    private String id;
    private String type;
    private StringBuilder data;

    /** Takes the next line (without its line break); an event when the line completes one. */
    public Optional<Event> accept(String line) {
        if (line.isEmpty()) {
            Optional<Event> done = data == null ? Optional.empty()
                    : Optional.of(new Event(id, type == null ? "message" : type, data.toString()));
            type = null;
            data = null;
            return done;
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id" -> id = value;
            case "event" -> type = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> {
                // retry: and unknown fields change nothing here
            }
        }
        return Optional.empty();
    }

    /** The id of the last event seen, for {@code Last-Event-ID} when reconnecting; null before any. */
    public String lastEventId() {
        return id;
    }
}
