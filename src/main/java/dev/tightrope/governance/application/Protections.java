package dev.tightrope.governance.application;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.governance.domain.Protection;
import dev.tightrope.governance.persistence.GovernanceStore;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.error.Violation;
import dev.tightrope.platform.persistence.Sessions;
import dev.tightrope.registry.application.RegistryLookup;
import dev.tightrope.registry.domain.AgentRules;
import io.smallrye.mutiny.Uni;

/** Protects environments and lifts their protection (ADMIN). */
@ApplicationScoped
public class Protections {

    /** Longest soak that may be required: 90 days. */
    static final int MAX_SOAK_MINUTES = 90 * 24 * 60;

    private final GovernanceStore store;
    private final Sessions sessions;
    private final RegistryLookup registry;
    private final Clock clock;

    Protections(GovernanceStore store, Sessions sessions, RegistryLookup registry, Clock clock) {
        this.store = store;
        this.sessions = sessions;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Protects {@code environment} for {@code agent}, or for every agent (null); replaces that rule if it exists.
     * VALIDATION for bad names, a soak environment without a time (or the other way round), a rule that protects
     * nothing; NOT_FOUND for an unknown agent.
     */
    public Uni<Protection> protect(String environment, String agent, boolean requireApproval, String soakIn,
            Integer minimumSoakMinutes, String actor) {
        List<Violation> violations = new ArrayList<>();
        AgentRules.checkSlug("environment", environment, violations);
        if (agent != null) {
            AgentRules.checkSlug("agent", agent, violations);
        }
        if (soakIn != null) {
            AgentRules.checkSlug("soakIn", soakIn, violations);
            if (soakIn.equals(environment)) {
                violations.add(new Violation("soakIn", "must be another environment than " + environment));
            }
        }
        if ((soakIn == null) != (minimumSoakMinutes == null)) {
            violations.add(new Violation(soakIn == null ? "soakIn" : "minimumSoakMinutes",
                    "soakIn and minimumSoakMinutes go together: name the earlier environment and how long"));
        }
        if (minimumSoakMinutes != null && (minimumSoakMinutes < 1 || minimumSoakMinutes > MAX_SOAK_MINUTES)) {
            violations.add(new Violation("minimumSoakMinutes", "must be 1 to " + MAX_SOAK_MINUTES + " (90 days)"));
        }
        if (!requireApproval && soakIn == null) {
            violations.add(new Violation("requireApproval", "the rule would protect nothing: require approval, a "
                    + "soak (soakIn, minimumSoakMinutes), or both; unprotectEnvironment removes a rule"));
        }
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
        Duration soak = minimumSoakMinutes == null ? null : Duration.ofMinutes(minimumSoakMinutes);
        return requireAgent(agent).chain(() -> store.saveProtection(agent, environment, requireApproval, soakIn, soak,
                clock.instant(), actor));
    }

    /** Removes the rule for exactly this agent (or every agent); whether there was one. */
    public Uni<Boolean> unprotect(String environment, String agent) {
        List<Violation> violations = new ArrayList<>();
        AgentRules.checkSlug("environment", environment, violations);
        if (agent != null) {
            AgentRules.checkSlug("agent", agent, violations);
        }
        if (!violations.isEmpty()) {
            throw TightropeException.invalid(violations);
        }
        return store.deleteProtection(agent, environment).map(removed -> removed != null);
    }

    /** The rules, filtered by environment and agent (an agent's list includes the rules for every agent). */
    public Uni<List<Protection>> list(String environment, String agent) {
        return store.protections(environment, agent);
    }

    Uni<Void> requireAgent(String agent) {
        return agent == null ? Uni.createFrom().voidItem()
                : sessions.read(() -> registry.agentId(agent)).replaceWithVoid();
    }
}
