package dev.tightrope.slack.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few Block Kit pieces Tightrope's messages use, as plain data. Each turns into the JSON object Slack expects
 * with {@code toJson()} (maps, lists and strings, ready for any JSON encoder), so messages are built and tested
 * without a Slack SDK or a JSON library.
 *
 * <p>Slack rejects a whole message when one field is too long, so texts are cut to Slack's documented limits
 * (section text 3000 characters, field 2000, header 150, button 75, confirm title 100, confirm text 300, confirm and
 * deny buttons 30) with an ellipsis.
 */
public final class BlockKit {

    private BlockKit() {
    }

    /** Escapes the three characters mrkdwn gives a meaning to, for text that comes from people. */
    public static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max - 1) + "…";
    }

    /** A text object: {@code plain_text} or {@code mrkdwn}. */
    public record Text(String type, String text) {

        public static Text plain(String text) {
            return new Text("plain_text", text);
        }

        public static Text mrkdwn(String text) {
            return new Text("mrkdwn", text);
        }

        Map<String, Object> toJson(int max) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", type);
            json.put("text", cut(text == null || text.isEmpty() ? " " : text, max));
            return json;
        }
    }

    /** Colour of a button or a confirm dialog's confirm button. */
    public enum Style {
        PRIMARY, DANGER;

        String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A confirmation dialog shown before a button's action is sent. */
    public record Confirm(String title, String text, String confirm, String deny, Style style) {

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("title", Text.plain(title).toJson(100));
            json.put("text", Text.plain(text).toJson(300));
            json.put("confirm", Text.plain(confirm).toJson(30));
            json.put("deny", Text.plain(deny).toJson(30));
            if (style != null) {
                json.put("style", style.json());
            }
            return json;
        }
    }

    /**
     * A button: an action button ({@code value} sent back with {@code actionId}) or a link button ({@code url};
     * Slack opens it and still sends the click).
     */
    public record Button(String text, String actionId, String value, String url, Style style, Confirm confirm) {

        public static Button action(String text, String actionId, String value, Style style, Confirm confirm) {
            return new Button(text, actionId, value, null, style, confirm);
        }

        public static Button link(String text, String actionId, String url) {
            return new Button(text, actionId, null, url, null, null);
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", "button");
            json.put("text", Text.plain(text).toJson(75));
            json.put("action_id", actionId);
            if (value != null) {
                json.put("value", value);
            }
            if (url != null) {
                json.put("url", url);
            }
            if (style != null) {
                json.put("style", style.json());
            }
            if (confirm != null) {
                json.put("confirm", confirm.toJson());
            }
            return json;
        }
    }

    /** A layout block of a message. */
    public sealed interface Block {
        Map<String, Object> toJson();
    }

    public record Header(String text) implements Block {
        @Override
        public Map<String, Object> toJson() {
            return Map.of("type", "header", "text", Text.plain(text).toJson(150));
        }
    }

    /** Text, and optionally up to 10 two-column fields. */
    public record Section(Text text, List<Text> fields) implements Block {

        public static Section of(String mrkdwn) {
            return new Section(Text.mrkdwn(mrkdwn), List.of());
        }

        public static Section fields(List<Text> fields) {
            return new Section(null, fields);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", "section");
            if (text != null) {
                json.put("text", text.toJson(3000));
            }
            if (!fields.isEmpty()) {
                json.put("fields", fields.stream().limit(10).map(field -> field.toJson(2000)).toList());
            }
            return json;
        }
    }

    /** Small grey text under the message. */
    public record Context(List<Text> elements) implements Block {
        @Override
        public Map<String, Object> toJson() {
            return Map.of("type", "context",
                    "elements", elements.stream().limit(10).map(element -> element.toJson(2000)).toList());
        }
    }

    public record Actions(String blockId, List<Button> elements) implements Block {
        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", "actions");
            if (blockId != null) {
                json.put("block_id", blockId);
            }
            json.put("elements", elements.stream().limit(25).map(Button::toJson).toList());
            return json;
        }
    }

    public record Divider() implements Block {
        @Override
        public Map<String, Object> toJson() {
            return Map.of("type", "divider");
        }
    }

    static List<Map<String, Object>> toJson(List<Block> blocks) {
        List<Map<String, Object>> json = new ArrayList<>();
        for (Block block : blocks) {
            if (block instanceof Actions actions && actions.elements().isEmpty()) {
                continue; // Slack rejects an actions block without elements
            }
            json.add(block.toJson());
        }
        return json;
    }
}
