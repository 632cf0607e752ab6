package dev.tightrope.rules.application;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The tool names a TOOLS component declares: {@code {"tools": [{"name": "search", …}, …]}}. */
final class ToolNames {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolNames() {
    }

    static List<String> of(String content) {
        List<String> names = new ArrayList<>();
        try {
            JsonNode tools = JSON.readTree(content).path("tools");
            tools.forEach(tool -> {
                if (tool.path("name").isTextual()) {
                    names.add(tool.path("name").asText());
                }
            });
        } catch (java.io.IOException notJson) {
            // stored components are validated JSON; a component that is not has no tools to offer
        }
        return names;
    }
}
