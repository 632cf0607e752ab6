package dev.tightrope.rules.domain;

import java.time.Instant;

/**
 * When the breach behind one firing of a rule was seen: what a rule's time to detect is measured from.
 *
 * @param actionKey the idempotency key of the firing's action ({@link ActionKey#text()}), which its traffic change
 *                  carries
 * @param onsetAt   when the breach was first seen (the start of PENDING); {@code null} for alerts raised before
 *                  this was recorded
 * @param firedAt   when the rule fired
 */
public record AlertOnset(String actionKey, Instant onsetAt, Instant firedAt) {

    /** The onset, or the firing for an alert without one. */
    public Instant detectedFrom() {
        return onsetAt != null ? onsetAt : firedAt;
    }
}
