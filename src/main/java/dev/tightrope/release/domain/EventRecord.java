package dev.tightrope.release.domain;

import java.time.Instant;

/**
 * A deployment event as statistics over a deployment's history read it: the event, and two facts kept beside it
 * in the database that an event alone does not carry.
 *
 * @param idempotencyKey    the key the change was made with, or {@code null}; a rule's action has
 *                          {@code rule:<rule>:<deployment>:<firing>}, which names the alert that caused it
 * @param rolloutStartedAt  when the event's rollout started (its canary began serving), or {@code null} for an
 *                          event that belongs to no rollout
 */
public record EventRecord(DeploymentEvent event, String idempotencyKey, Instant rolloutStartedAt) {
}
