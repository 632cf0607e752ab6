package dev.tightrope.audit.domain;

import java.time.Instant;

/**
 * Which audit entries to list; every given field must match, {@code null} fields match anything.
 *
 * @param actor     exactly this actor
 * @param operation exactly this operation
 * @param source    this channel
 * @param outcome   exactly this outcome ({@code OK}, {@code FORBIDDEN}, ...)
 * @param from      entries at or after this instant
 * @param to        entries before this instant
 */
public record AuditFilter(String actor, String operation, AuditSource source, String outcome, Instant from,
        Instant to) {

    /** Matches every entry. */
    public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null, null);
}
