package dev.tightrope.release.graphql;

import static dev.tightrope.platform.graphql.Descriptions.ENVIRONMENT;

import static dev.tightrope.platform.graphql.Descriptions.AGENT;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.release.domain.Deployment;
import dev.tightrope.release.domain.Rollout;
import dev.tightrope.release.domain.RolloutStatus;
import dev.tightrope.release.domain.ToolGate;

/** GraphQL types {@code Deployment} and {@code Rollout}; events are resolved in {@link ReleaseGraphQL}. */
@Type("Deployment")
@Description("Where one agent's traffic in one environment goes.")
public class DeploymentNode {

    private final Deployment deployment;

    public DeploymentNode(Deployment deployment) {
        this.deployment = deployment;
    }

    /** The deployment's id, for fields other features add to this type; not part of the schema. */
    @org.eclipse.microprofile.graphql.Ignore
    public long deploymentId() {
        return deployment.id();
    }

    /** The deployment shown (for the resolvers of its other fields; not part of the schema). */
    Deployment deployment() {
        return deployment;
    }

    @Description(AGENT)
    @NonNull
    public String getAgent() {
        return deployment.agent();
    }

    @Description(ENVIRONMENT)
    @NonNull
    public String getEnvironment() {
        return deployment.environment();
    }

    @NonNull
    @Description("The version receiving all traffic not sent to a canary.")
    public int getStableVersion() {
        return deployment.state().stableVersion();
    }

    @NonNull
    @Description("Increases by exactly one on every traffic change; pass it as expectedGeneration to avoid races.")
    public int getGeneration() {
        return Math.toIntExact(deployment.state().generation());
    }

    @Description("The running or paused rollout, or null.")
    public RolloutNode getRollout() {
        return deployment.state().hasActiveRollout() ? new RolloutNode(deployment.state().rollout()) : null;
    }

    @Description("When the last traffic change was committed.")
    @NonNull
    public Instant getUpdatedAt() {
        return deployment.updatedAt();
    }

    /** GraphQL type {@code Rollout}. */
    @NonNull
    @Description("The tools whose circuit breaker is open or half-open (closed ones are not listed), by name.")
    public List<@NonNull CircuitBreakerNode> getCircuitBreakers() {
        return deployment.state().toolGates().entrySet().stream()
                .map(gate -> new CircuitBreakerNode(gate.getKey(), gate.getValue())).toList();
    }

    /** GraphQL enum {@code CircuitBreakerState}: a breaker that is not closed. */
    @Description("The state of a tool's circuit breaker that is not closed.")
    public enum CircuitBreakerState {
        @Description("No request may use the tool.")
        OPEN,
        @Description("The breaker's share of routing keys may use the tool again, to see whether it recovered.")
        HALF_OPEN
    }

    /** GraphQL type {@code CircuitBreaker}. */
    @Type("CircuitBreaker")
    @Description("A tool's circuit breaker on a deployment that is not closed.")
    public static class CircuitBreakerNode {
        private final String tool;
        private final ToolGate gate;

        CircuitBreakerNode(String tool, ToolGate gate) {
            this.tool = tool;
            this.gate = gate;
        }

        @NonNull
        @Description("The tool's name, as its TOOLS component declares it.")
        public String getTool() {
            return tool;
        }

        @NonNull
        @Description("OPEN or HALF_OPEN (a closed breaker is not listed).")
        public CircuitBreakerState getState() {
            return CircuitBreakerState.valueOf(gate.state().name());
        }

        @NonNull
        @Description("Percent of routing keys that may use the tool (0 when OPEN).")
        public int getShare() {
            return gate.share();
        }

        @NonNull
        @Description("When the breaker entered this state.")
        public Instant getSince() {
            return gate.since();
        }

        @NonNull
        @Description("Why: the rule, the tool's error rate and the calls it was measured on.")
        public String getReason() {
            return gate.reason();
        }
    }

    @Type("Rollout")
    @Description("A canary: a share of traffic on a new version next to the stable one.")
    public static class RolloutNode {

        private final Rollout rollout;

        RolloutNode(Rollout rollout) {
            this.rollout = rollout;
        }

        @Description("Identifies the rollout, e.g. for canaryComparison(rolloutId).")
        @Id
        @NonNull
        public String getId() {
            return Long.toString(rollout.id());
        }

        @Description("The agent version on trial.")
        @NonNull
        public int getCanaryVersion() {
            return rollout.canaryVersion();
        }

        @NonNull
        @Description("The stable version when the rollout started.")
        public int getBaselineVersion() {
            return rollout.baselineVersion();
        }

        @NonNull
        @Description("Percent of traffic on the canary.")
        public int getWeight() {
            return rollout.weight();
        }

        @Description("RUNNING or PAUSED while the rollout is the deployment's; how it ended afterwards.")
        @NonNull
        public RolloutStatus getStatus() {
            return rollout.status();
        }
    }
}
