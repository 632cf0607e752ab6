package dev.tightrope.release.graphql;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import dev.tightrope.release.application.RoutingTable;

/**
 * A routing table's tool gates as the JSON value of {@code RoutingConfig.toolGates}, in tool-name order:
 * {@code {"search":{"state":"HALF_OPEN","share":10,"since":"…","reason":"…"}}}. The engine and the fast path both
 * write this value, so they answer the same bytes.
 */
final class ToolGatesValue {

    private static final JsonObject NONE = Json.createObjectBuilder().build();

    private ToolGatesValue() {
    }

    static JsonObject of(RoutingTable table) {
        if (table.toolGates().isEmpty()) {
            return NONE;
        }
        JsonObjectBuilder gates = Json.createObjectBuilder();
        table.toolGates().forEach((tool, gate) -> gates.add(tool, Json.createObjectBuilder()
                .add("state", gate.state().name()).add("share", gate.share()).add("since", gate.since().toString())
                .add("reason", gate.reason())));
        return gates.build();
    }
}
