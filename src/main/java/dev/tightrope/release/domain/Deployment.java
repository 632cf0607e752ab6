package dev.tightrope.release.domain;

import java.time.Instant;

/** The current traffic state of one agent in one environment. */
public record Deployment(long id, String agent, String environment, DeploymentState state, Instant updatedAt) {
}
