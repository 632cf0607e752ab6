package dev.tightrope.slack.domain;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code application/x-www-form-urlencoded} body as Slack sends it ({@code token=…&team_id=…&text=…}): decoded
 * only after its signature was checked over the raw bytes. A repeated field keeps its first value.
 */
public record FormBody(Map<String, String> fields) {

    public FormBody {
        fields = Map.copyOf(fields);
    }

    /** Decodes a body; {@code +} is a space, {@code %XX} UTF-8 bytes. Malformed escapes are an error. */
    public static FormBody parse(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body != null && !body.isEmpty()) {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                fields.putIfAbsent(name, value);
            }
        }
        return new FormBody(fields);
    }

    /** The field's value, or {@code null} when absent. */
    public String get(String name) {
        return fields.get(name);
    }

    /** The field's value, or {@code ""} when absent. */
    public String getOrEmpty(String name) {
        return fields.getOrDefault(name, "");
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
