package dev.tightrope.runtime.application;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.platform.streams.LatestRenderings;
import dev.tightrope.release.application.RoutingTable;
import dev.tightrope.release.graphql.RoutingConfigText;
import io.vertx.core.buffer.Buffer;

/**
 * The routing configuration of each deployment's newest generation, rendered once for the whole runtime API: the
 * JSON body of {@code GET …/config} and the Server-Sent Event of {@code …/config/stream} are made when the first
 * request or subscriber needs them, and then the same bytes are written to every other one (Vert.x buffers are
 * written as slices, so one buffer serves any number of connections). {@code tightrope_runtime_config_renders_total}
 * counts the renderings.
 */
@ApplicationScoped
public class RenderedConfigs {

    /**
     * One generation's configuration, ready to send.
     *
     * @param etag  the strong entity tag of the configuration: its generation, quoted ({@code "7"})
     * @param json  the configuration as JSON text (one line)
     * @param event the Server-Sent Event carrying it: {@code id: 7}, {@code event: config}, {@code data: <json>}
     */
    public record Rendered(long generation, String etag, Buffer json, Buffer event) {
    }

    private final LatestRenderings<RoutingTable, Rendered> renderings;

    RenderedConfigs(RoutingConfigText text, RuntimeMetrics metrics) {
        this.renderings = new LatestRenderings<>(RoutingTable::deploymentId, RoutingTable::generation, table -> {
            metrics.rendered();
            return render(table.generation(), text.json(table));
        });
    }

    public Rendered of(RoutingTable table) {
        return renderings.of(table);
    }

    static Rendered render(long generation, String json) {
        StringBuilder event = new StringBuilder(json.length() + 40)
                .append("id: ").append(generation).append('\n')
                .append("event: config\n");
        // compact JSON has no line breaks; should one appear, each line is its own data field (SSE joins them)
        for (String line : json.split("\r\n|\r|\n", -1)) {
            event.append("data: ").append(line).append('\n');
        }
        event.append('\n');
        return new Rendered(generation, "\"" + generation + "\"", Buffer.buffer(json.getBytes(StandardCharsets.UTF_8)),
                Buffer.buffer(event.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
