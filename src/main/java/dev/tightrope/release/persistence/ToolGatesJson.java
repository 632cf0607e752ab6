package dev.tightrope.release.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tightrope.release.domain.ToolGate;

/** A deployment's tool gates as stored in {@code deployment.tool_gates}: JSON by tool name. */
public final class ToolGatesJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolGatesJson() {
    }

    public static String write(Map<String, ToolGate> gates) {
        ObjectNode root = JSON.createObjectNode();
        gates.forEach((tool, gate) -> root.putObject(tool).put("state", gate.state().name()).put("share", gate.share())
                .put("since", gate.since().toString()).put("reason", gate.reason()));
        return root.toString();
    }

    public static SortedMap<String, ToolGate> read(String text) {
        SortedMap<String, ToolGate> gates = new TreeMap<>();
        if (text == null || text.isEmpty() || text.equals("{}")) {
            return gates;
        }
        try {
            JsonNode root = JSON.readTree(text);
            for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode gate = field.getValue();
                gates.put(field.getKey(), new ToolGate(ToolGate.State.valueOf(gate.path("state").asText()),
                        gate.path("share").asInt(), Instant.parse(gate.path("since").asText()),
                        gate.path("reason").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deployment.tool_gates is not the JSON this class writes", e);
        }
        return gates;
    }
}
