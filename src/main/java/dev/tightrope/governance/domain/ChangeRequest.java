package dev.tightrope.governance.domain;

import java.time.Instant;
import java.util.Map;

/**
 * A traffic change held for a second person's approval, with exactly what was asked.
 *
 * @param arguments   the operation's arguments besides agent, environment and reason: {@code version},
 *                    {@code weight}, {@code plan} (stored JSON), {@code from}, {@code mode}
 * @param generation  the deployment's generation when it was requested: the change is applied only at it
 * @param trigger     how the requester came (API, SLACK, …): the applied change's trigger
 * @param requester   the requester as an actor ({@code token:alice}, {@code slack:U2CERLKJA (roadrunner)})
 * @param decidedBy   who approved or rejected it; {@code null} while pending (or when it expired)
 * @param eventGeneration the generation its applied change reached; {@code null} unless APPLIED
 * @param outcome     why it is STALE or FAILED, or what was applied
 */
public record ChangeRequest(long id, String agent, String environment, ChangeOperation operation,
        Map<String, Object> arguments, String reason, long generation, String trigger, ChangeState state,
        String requester, Instant requestedAt, Instant expiresAt, String decidedBy, Instant decidedAt,
        String decisionReason, Long eventGeneration, String outcome) {

    /**
     * The person behind an actor, for "not the requester": {@code token:<name>} for tokens, {@code slack:<id>} for
     * Slack users (whose display name after the id may change).
     */
    public static String person(String actor) {
        if (actor == null) {
            return "";
        }
        if (actor.startsWith("slack:")) {
            int space = actor.indexOf(' ');
            return space < 0 ? actor : actor.substring(0, space);
        }
        return actor;
    }

    /** Whether {@code actor} asked for this change (and so may not decide it). */
    public boolean requestedBy(String actor) {
        return person(requester).equals(person(actor));
    }

    /** The idempotency key of the applied change: a second approval, or a retry, never applies it twice. */
    public String idempotencyKey() {
        return "change-request:" + id;
    }
}
