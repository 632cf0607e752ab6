package dev.tightrope.demo.graphql;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.demo.application.DemoStatus;
import dev.tightrope.demo.domain.DemoPhase;
import dev.tightrope.demo.domain.DemoStory;

/** The demo's state as GraphQL shows it; every field but {@code enabled} is null when demo mode is off. */
@Type("Demo")
@Description("Demo mode: a demo agent, a synthetic runtime that serves it over the public API, and a rollout of a "
        + "regressed version in every round, which the judge (or a rule) rolls back.")
public class DemoNode {

    private final DemoStatus status;

    DemoNode(DemoStatus status) {
        this.status = status;
    }

    static DemoNode off() {
        return new DemoNode(null);
    }

    @NonNull
    @Description("Whether this instance runs the demo.")
    public boolean isEnabled() {
        return status != null;
    }

    @Description("The demo agent's slug.")
    public String getAgent() {
        return status == null ? null : status.agent();
    }

    @Description("The environment the demo agent is deployed in.")
    public String getEnvironment() {
        return status == null ? null : status.environment();
    }

    @Description("Where the story is.")
    public DemoPhase getPhase() {
        return status == null ? null : status.story().phase();
    }

    @Description("Rollouts started (or followed) since this instance started.")
    public Integer getRounds() {
        return status == null ? null : status.story().rounds();
    }

    @Description("The healthy version, stable between rounds.")
    public Integer getStableVersion() {
        return status == null ? null : status.goodVersion();
    }

    @Description("The version with the prompt regression that every round rolls out.")
    public Integer getCanaryVersion() {
        return status == null ? null : status.regressedVersion();
    }

    @Description("The running rollout's id, while one runs.")
    @Id
    public String getRolloutId() {
        return rollout() == null ? null : rollout().id();
    }

    @Description("The running rollout's canary weight in percent, while one runs.")
    public Integer getWeight() {
        return rollout() == null ? null : rollout().weight();
    }

    @Description("Whether the running rollout is paused (the demo then waits for a person to resume or end it).")
    public Boolean getPaused() {
        return rollout() == null ? null : rollout().paused();
    }

    @Description("When the next rollout starts, while the demo waits for it.")
    public Instant getNextRolloutAt() {
        return status == null ? null : status.story().nextRolloutAt();
    }

    @Description("How the last rollout of the demo ended; null before the first ended.")
    public DemoEndNode getLastEnd() {
        DemoStory.RolloutEnd end = status == null ? null : status.story().lastEnd();
        return end == null ? null : new DemoEndNode(end);
    }

    @Description("Synthetic requests a second the demo's runtime serves.")
    public Double getRequestsPerSecond() {
        return status == null ? null : status.requestsPerSecond();
    }

    @Description("Share of the stable version's requests that fail (0..1).")
    public Double getStableErrorRate() {
        return status == null ? null : status.good().errorRate();
    }

    @Description("Share of the canary version's requests that fail (0..1).")
    public Double getCanaryErrorRate() {
        return status == null ? null : status.regressed().errorRate();
    }

    @Description("How much slower the canary's typical request is than the stable one's (1.4 is 40 % slower).")
    public Double getCanaryLatencyFactor() {
        return status == null ? null : status.regressed().latencyMedianMs() / status.good().latencyMedianMs();
    }

    @Description("What keeps the demo from going on (it retries), null while it runs.")
    public String getProblem() {
        return status == null ? null : status.problem();
    }

    private DemoStory.RolloutSeen rollout() {
        return status == null ? null : status.story().rollout();
    }

    /** How a rollout ended. */
    @Type("DemoRolloutEnd")
    @Description("How one of the demo's rollouts ended.")
    public static class DemoEndNode {
        private final DemoStory.RolloutEnd end;

        DemoEndNode(DemoStory.RolloutEnd end) {
            this.end = end;
        }

        @Id
        @Description("The rollout's id.")
        public String getRolloutId() {
            return end.rolloutId();
        }

        @NonNull
        @Description("ROLLED_BACK or PROMOTED.")
        public String getType() {
            return end.type();
        }

        @NonNull
        @Description("What ended it: JUDGE, RULE, DASHBOARD, API, SLACK, …")
        public String getTrigger() {
            return end.trigger();
        }

        @NonNull
        @Description("Who ended it (judge, rule <id>, token:<name>, …).")
        public String getActor() {
            return end.actor();
        }

        @NonNull
        @Description("When it ended.")
        public Instant getAt() {
            return end.at();
        }

        @Description("Why, as the deployment's history has it.")
        public String getReason() {
            return end.reason();
        }
    }
}
