package dev.tightrope.audit.domain;

import java.time.Instant;

/**
 * An audit entry as stored: its id (increasing in insertion order) and its arguments as the redacted JSON object
 * text that was written.
 */
public record AuditRecord(long id, Instant at, String actor, Long tokenId, AuditSource source, String operation,
        String argumentsJson, String outcome) {
}
