package dev.tightrope.testing;

import static io.restassured.RestAssured.given;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import dev.tightrope.slack.domain.SlackSignature;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Requests as Slack sends them: form-encoded slash commands and {@code payload=} interaction bodies with the
 * fields of Slack's documentation, signed with the test signing secret (application.properties, %test).
 */
public final class SlackRequests {

    public static final String SIGNING_SECRET = "test-signing-secret-8f742231b10e";
    public static final String TEAM = "T1DC2JH3J";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Sends the form body exactly as given (it is already encoded), with Slack's content type and no charset. */
    private static final RestAssuredConfig EXACT = RestAssuredConfig.config().encoderConfig(
            EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)
                    .encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.TEXT));

    private SlackRequests() {
    }

    /** A Slack user id no other test uses, e.g. {@code U7K2QX9ZA}. */
    public static String newUserId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder id = new StringBuilder("U");
        for (int i = 0; i < 10; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    /** A trigger id in Slack's shape, e.g. {@code 398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c}. */
    public static String newTriggerId() {
        return Math.abs(RANDOM.nextLong() % 1_000_000_000_000L) + "." + Math.abs(RANDOM.nextInt()) + "."
                + Long.toHexString(RANDOM.nextLong()) + Long.toHexString(RANDOM.nextLong());
    }

    /** The form fields of a slash command, in the order Slack sends them. */
    public static Map<String, String> command(String userId, String text, String responseUrl) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "xyzz0WbapA4vBCDEFasx0q6G");
        form.put("team_id", TEAM);
        form.put("team_domain", "testteamnow");
        form.put("channel_id", "G8PSS9T3V");
        form.put("channel_name", "incidents");
        form.put("user_id", userId);
        form.put("user_name", "roadrunner");
        form.put("command", "/tightrope");
        form.put("text", text);
        form.put("api_app_id", "A0KRD7HC3");
        form.put("is_enterprise_install", "false");
        form.put("response_url", responseUrl);
        form.put("trigger_id", newTriggerId());
        return form;
    }

    /** A {@code block_actions} payload for one button click, shaped like Slack's. */
    public static JsonObject buttonClick(String userId, String actionId, String value, String responseUrl) {
        String actionTs = Instant.now().getEpochSecond() + "." + (100000 + RANDOM.nextInt(900000));
        return new JsonObject()
                .put("type", "block_actions")
                .put("user", new JsonObject().put("id", userId).put("username", "roadrunner")
                        .put("name", "roadrunner").put("team_id", TEAM))
                .put("api_app_id", "A0KRD7HC3")
                .put("token", "xyzz0WbapA4vBCDEFasx0q6G")
                .put("container", new JsonObject().put("type", "message").put("message_ts", "1608059435.001000")
                        .put("channel_id", "C01GCCBL5GV").put("is_ephemeral", false))
                .put("trigger_id", newTriggerId())
                .put("team", new JsonObject().put("id", TEAM).put("domain", "testteamnow"))
                .putNull("enterprise")
                .put("is_enterprise_install", false)
                .put("channel", new JsonObject().put("id", "C01GCCBL5GV").put("name", "incidents"))
                .put("message", new JsonObject().put("type", "message").put("subtype", "bot_message")
                        .put("text", "support-bot · production: canary started").put("ts", "1608059435.001000")
                        .put("bot_id", "B011ZBY8UJ1").put("blocks", new JsonArray()))
                .put("state", new JsonObject().put("values", new JsonObject()))
                .put("response_url", responseUrl)
                .put("actions", new JsonArray().add(new JsonObject()
                        .put("action_id", actionId)
                        .put("block_id", "tightrope:" + value)
                        .put("text", new JsonObject().put("type", "plain_text").put("text", "Roll back now")
                                .put("emoji", true))
                        .put("value", value)
                        .put("style", "danger")
                        .put("type", "button")
                        .put("action_ts", actionTs)));
    }

    /** {@code payload=<url-encoded JSON>}, the body of an interaction request. */
    public static String interactionBody(JsonObject payload) {
        return "payload=" + URLEncoder.encode(payload.encode(), StandardCharsets.UTF_8);
    }

    public static String formBody(Map<String, String> fields) {
        StringJoiner body = new StringJoiner("&");
        fields.forEach((name, value) -> body.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }

    /** Posts a body signed now with the test secret. */
    public static ValidatableResponse post(String path, String body) {
        return post(path, body, Instant.now().getEpochSecond(), SIGNING_SECRET, Map.of());
    }

    /** Posts a body signed with the given secret and timestamp, plus extra headers. */
    public static ValidatableResponse post(String path, String body, long timestamp, String secret,
            Map<String, String> headers) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(timestamp);
        return given().config(EXACT)
                .contentType("application/x-www-form-urlencoded")
                .header(SlackSignature.TIMESTAMP_HEADER, ts)
                .header(SlackSignature.SIGNATURE_HEADER, SlackSignature.sign(secret, ts, bytes))
                .headers(headers)
                .body(body)
                .when().post(path)
                .then();
    }
}
