package dev.tightrope.governance.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A protected environment: for one agent, or (agent {@code null}) every agent in an environment of that name.
 *
 * @param requireApproval a person's deploy, startRollout, advanceRollout or promote needs a second person's
 *                        approval ({@code requestChange}, {@code approveChange})
 * @param soakEnvironment the earlier environment a version must have been stable in before it may come here;
 *                        {@code null}: no soak required
 * @param minimumSoak     how long it must have been stable there; {@code null} with no soak environment
 */
public record Protection(long id, String agent, String environment, boolean requireApproval,
        String soakEnvironment, Duration minimumSoak, Instant updatedAt, String updatedBy) {

    public boolean requiresSoak() {
        return soakEnvironment != null && minimumSoak != null;
    }

    /**
     * The protection in force for a deployment: the agent's own rule if it has one, else the rule for every agent
     * of the environment, else none. An agent's rule replaces the environment's (it may be stricter or laxer).
     */
    public static Optional<Protection> effective(List<Protection> protections, String agent, String environment) {
        Protection general = null;
        for (Protection protection : protections) {
            if (!protection.environment().equals(environment)) {
                continue;
            }
            if (agent.equals(protection.agent())) {
                return Optional.of(protection);
            }
            if (protection.agent() == null) {
                general = protection;
            }
        }
        return Optional.ofNullable(general);
    }
}
