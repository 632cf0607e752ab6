package dev.tightrope.governance.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A release freeze of one environment, for one agent or (agent {@code null}) every agent: while its window holds,
 * deploy, startRollout, advanceRollout and promote wait, and a planned rollout's automatic steps hold.
 */
public record Freeze(long id, String agent, String environment, FreezeWindow window, String reason,
        Instant createdAt, String createdBy) {

    /** Whether the freeze is about this deployment. */
    public boolean appliesTo(String agentSlug, String environmentName) {
        return environment.equals(environmentName) && (agent == null || agent.equals(agentSlug));
    }

    /** The freeze that holds the deployment now, and how long; the one that ends last when several hold. */
    public record Holding(Freeze freeze, Instant until) {
    }

    public static Optional<Holding> holding(List<Freeze> freezes, String agent, String environment, Instant now) {
        Holding latest = null;
        for (Freeze freeze : freezes) {
            if (!freeze.appliesTo(agent, environment)) {
                continue;
            }
            Optional<Instant> until = freeze.window().activeUntil(now);
            if (until.isPresent() && (latest == null || until.get().isAfter(latest.until()))) {
                latest = new Holding(freeze, until.get());
            }
        }
        return Optional.ofNullable(latest);
    }
}
