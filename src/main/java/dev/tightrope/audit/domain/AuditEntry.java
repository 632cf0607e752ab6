package dev.tightrope.audit.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the audit log: who ({@code actor}, e.g. {@code token:ci-deployer} or {@code slack:U024BE7LH}), with
 * which API token if any, through which channel, did what ({@code operation}, e.g. {@code rollback}), with which
 * arguments, and how it ended ({@code outcome}: {@value #OK} or an error code such as {@code FORBIDDEN},
 * {@code VALIDATION}, {@code CONFLICT}).
 *
 * <p>Arguments are plain JSON-like values (strings, numbers, booleans, null, enums, lists, maps). They may contain
 * secrets: the audit log redacts them when it writes the entry (see {@link AuditArguments}), so callers pass them
 * as they are.
 *
 * @param actor     who acted, at most 200 characters
 * @param tokenId   the API token used, {@code null} for Slack users and Tightrope's own jobs
 * @param source    the channel
 * @param operation what was done, at most 100 characters
 * @param arguments the operation's arguments, by name
 * @param outcome   {@value #OK} or an error code (upper case, e.g. {@code FORBIDDEN})
 * @param at        when it was decided
 */
public record AuditEntry(String actor, Long tokenId, AuditSource source, String operation,
        Map<String, Object> arguments, String outcome, Instant at) {

    /** The outcome of an action that succeeded. */
    public static final String OK = "OK";

    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(at, "at");
        // a copy that keeps null values (Map.copyOf would reject them) and the caller's order
        arguments = arguments == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
    }

    /** The same entry with another outcome. */
    public AuditEntry withOutcome(String newOutcome) {
        return new AuditEntry(actor, tokenId, source, operation, arguments, newOutcome, at);
    }
}
