package dev.tightrope.registry.domain;

import java.time.Instant;

/**
 * One immutable version of one component of an agent ("system prompt v14").
 *
 * @param content canonical JSON text of the content; {@code hash} is its SHA-256
 */
public record ComponentVersion(ComponentKind kind, int number, String hash, String content, Instant createdAt,
        String createdBy) {

    /** The content as a person reads it (prompt text, pretty JSON), used by diffs. */
    public String readable() {
        return ComponentContent.fromStored(kind, content).readable();
    }
}
