package dev.tightrope.demo.application;

import dev.tightrope.demo.domain.DemoStory;
import dev.tightrope.demo.domain.VersionProfile;

/**
 * Where the demo stands, for the dashboard's banner.
 *
 * @param story    the story's state
 * @param problem  what keeps the demo from going on, null while it runs
 */
public record DemoStatus(String agent, String environment, double requestsPerSecond, int goodVersion,
        int regressedVersion, VersionProfile good, VersionProfile regressed, DemoStory.Snapshot story,
        String problem) {
}
