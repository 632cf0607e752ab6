package dev.tightrope.demo.application;

import java.time.Instant;

import dev.tightrope.demo.domain.DemoStory;
import io.vertx.core.json.JsonObject;

/** The answer of {@link DemoDocuments#DEPLOYMENT} as the story reads it. */
final class DemoObservation {

    private DemoObservation() {
    }

    /** @param deployment null when nothing is deployed */
    static DemoStory.Seen of(JsonObject deployment) {
        if (deployment == null) {
            return new DemoStory.Seen(null, null, null);
        }
        JsonObject rollout = deployment.getJsonObject("rollout");
        DemoStory.RolloutSeen running = rollout == null ? null : new DemoStory.RolloutSeen(rollout.getString("id"),
                rollout.getInteger("canaryVersion"), rollout.getInteger("weight"),
                "PAUSED".equals(rollout.getString("status")));
        DemoStory.RolloutEnd end = null;
        for (Object item : deployment.getJsonObject("events").getJsonArray("edges")) {
            JsonObject event = ((JsonObject) item).getJsonObject("node");
            String type = event.getString("type");
            if ("ROLLED_BACK".equals(type) || "PROMOTED".equals(type)) {
                end = new DemoStory.RolloutEnd(event.getString("rolloutId"), type, event.getString("trigger"),
                        event.getString("actor"), Instant.parse(event.getString("committedAt")),
                        event.getString("reason"));
                break;
            }
        }
        return new DemoStory.Seen(deployment.getInteger("stableVersion"), running, end);
    }
}
