package dev.tightrope.release.graphql;

import static dev.tightrope.platform.graphql.Descriptions.ENVIRONMENT;

import static dev.tightrope.platform.graphql.Descriptions.AGENT;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.release.domain.Deployment;
import dev.tightrope.release.domain.Rollout;
import dev.tightrope.release.domain.RolloutStatus;

/** GraphQL types {@code Deployment} and {@code Rollout}; events are resolved in {@link ReleaseGraphQL}. */
@Type("Deployment")
@Description("Where one agent's traffic in one environment goes.")
public class DeploymentNode {

    private final Deployment deployment;

    public DeploymentNode(Deployment deployment) {
        this.deployment = deployment;
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
