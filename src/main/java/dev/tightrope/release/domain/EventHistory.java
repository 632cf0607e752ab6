package dev.tightrope.release.domain;

import java.util.List;

/**
 * An agent's traffic changes since an instant, for statistics: every event committed since then, and the releases
 * before it that a later rollback may have undone.
 *
 * @param events           every event committed at or after the instant, oldest first (at most the limit asked
 *                         for; see {@code truncated})
 * @param earlierReleases  per deployment and version, the latest DEPLOYED or PROMOTED event committed before the
 *                         instant that was not a drill's: what put a version into traffic before the period began
 * @param truncated        whether more events than the limit were committed since the instant; {@code events} then
 *                         holds only the oldest ones, and statistics over it would be wrong
 */
public record EventHistory(List<EventRecord> events, List<EventRecord> earlierReleases, boolean truncated) {
}
