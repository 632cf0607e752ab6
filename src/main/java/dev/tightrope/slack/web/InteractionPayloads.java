package dev.tightrope.slack.web;

import java.util.ArrayList;
import java.util.List;

import dev.tightrope.slack.domain.ButtonClick;
import dev.tightrope.slack.domain.SlackCaller;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reads the {@code payload} form field of an interaction request, a JSON document as Slack sends it:
 *
 * <pre>
 * {"type": "block_actions",
 *  "user": {"id": "U2CERLKJA", "username": "roadrunner", "team_id": "T1DC2JH3J"},
 *  "team": {"id": "T1DC2JH3J", "domain": "acme"}, "api_app_id": "A0…", "trigger_id": "…",
 *  "container": {"type": "message", "message_ts": "…", "channel_id": "C0…"},
 *  "response_url": "https://hooks.slack.com/actions/…",
 *  "actions": [{"action_id": "tightrope.rollback", "block_id": "…", "value": "support-bot:production:7",
 *               "type": "button", "action_ts": "1608059436.541193"}], "message": {…}}
 * </pre>
 *
 * Only {@code block_actions} carry clicks; other types (a closed modal, a shortcut) give none.
 */
final class InteractionPayloads {

    private InteractionPayloads() {
    }

    /** The clicks in the payload; IllegalArgumentException with a message for a person when it is not readable. */
    static List<ButtonClick> clicks(String payload) {
        try {
            return read(payload);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("The interaction payload does not have the shape of a Slack "
                    + "block_actions payload.");
        }
    }

    private static List<ButtonClick> read(String payload) {
        if (payload == null || payload.isBlank()) {
            throw new IllegalArgumentException("Not an interaction: the form field 'payload' is missing.");
        }
        JsonObject json;
        try {
            json = new JsonObject(payload);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("The interaction payload is not a JSON object.");
        }
        if (!"block_actions".equals(json.getString("type"))) {
            return List.of();
        }
        JsonObject user = json.getJsonObject("user");
        if (user == null || user.getString("id") == null) {
            throw new IllegalArgumentException("The interaction payload names no user.");
        }
        JsonObject team = json.getJsonObject("team");
        String teamId = team != null && team.getString("id") != null ? team.getString("id")
                : user.getString("team_id", "");
        String name = user.getString("username", user.getString("name", ""));
        SlackCaller caller = new SlackCaller(user.getString("id"), name, teamId);
        JsonArray actions = json.getJsonArray("actions", new JsonArray());
        List<ButtonClick> clicks = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            JsonObject action = actions.getJsonObject(i);
            if (action.getString("action_id") == null || action.getString("action_ts") == null) {
                throw new IllegalArgumentException("An action has no action_id or action_ts.");
            }
            clicks.add(new ButtonClick(caller, action.getString("action_id"), action.getString("block_id"),
                    action.getString("value"), action.getString("action_ts"), json.getString("trigger_id"),
                    json.getString("response_url")));
        }
        return clicks;
    }
}
