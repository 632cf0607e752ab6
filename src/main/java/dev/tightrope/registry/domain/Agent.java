package dev.tightrope.registry.domain;

import java.time.Instant;

/** An agent whose behaviour Tightrope versions and releases. Identified by its slug everywhere in the API. */
public record Agent(String slug, String name, String description, Instant createdAt, String createdBy) {
}
