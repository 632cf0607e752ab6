package dev.tightrope.release.graphql;

import static dev.tightrope.platform.graphql.Descriptions.ENVIRONMENT;

import static dev.tightrope.platform.graphql.Descriptions.AGENT;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.release.domain.DeploymentEvent;
import dev.tightrope.release.domain.Propagation;
import dev.tightrope.release.domain.TrafficChangeType;
import dev.tightrope.release.domain.Trigger;

/** GraphQL type {@code DeploymentEvent}. */
@Type("DeploymentEvent")
@Description("One traffic change in a deployment's append-only history.")
public class DeploymentEventNode {

    private final DeploymentEvent event;

    public DeploymentEventNode(DeploymentEvent event) {
        this.event = event;
    }

    @Description("Identifies the event.")
    @Id
    @NonNull
    public String getId() {
        return Long.toString(event.id());
    }

    @Description(AGENT)
    @NonNull
    public String getAgent() {
        return event.agent();
    }

    @Description(ENVIRONMENT)
    @NonNull
    public String getEnvironment() {
        return event.environment();
    }

    @NonNull
    @Description("The deployment's generation after this change.")
    public int getGeneration() {
        return Math.toIntExact(event.generation());
    }

    @Description("What changed.")
    @NonNull
    public TrafficChangeType getType() {
        return event.type();
    }

    @Description("Who or what asked for the change: for a traffic mutation over GraphQL, DASHBOARD when it was "
            + "sent with the header X-Tightrope-Client: dashboard (the web dashboard), API otherwise.")
    @NonNull
    public Trigger getTrigger() {
        return event.trigger();
    }

    @Description("Version losing traffic (or the previous stable version); null on a first deploy.")
    public Integer getFromVersion() {
        return event.fromVersion();
    }

    @Description("Version gaining traffic (or the new stable version).")
    public Integer getToVersion() {
        return event.toVersion();
    }

    @Description("The rollout this change belongs to; null for deploys and rollbacks without a canary.")
    @Id
    public String getRolloutId() {
        return event.rolloutId() == null ? null : Long.toString(event.rolloutId());
    }

    @Description("Canary weight (percent) before the change, for rollout events.")
    public Integer getWeightBefore() {
        return event.weightBefore();
    }

    @Description("Canary weight (percent) after the change, for rollout events.")
    public Integer getWeightAfter() {
        return event.weightAfter();
    }

    @Description("Who acted: token:<name>, slack:<user id>, or Tightrope itself (the judge, a rule).")
    @NonNull
    public String getActor() {
        return event.actor();
    }

    @Description("Why, as given with the change (for automated changes: the evidence).")
    @NonNull
    public String getReason() {
        return event.reason();
    }

    @NonNull
    @Description("When the change was asked for.")
    public Instant getDecidedAt() {
        return event.decidedAt();
    }

    @NonNull
    @Description("When the change was committed.")
    public Instant getCommittedAt() {
        return event.committedAt();
    }

    @Description("When every runtime connected at decision time had the change (see propagation.status for "
            + "how it ended); null while pending.")
    public Instant getPropagatedAt() {
        return event.propagatedAt();
    }

    @Description("Whether the change reached the runtimes connected when it was decided.")
    public Propagation getPropagation() {
        return event.propagation();
    }

    @Description("Milliseconds from decision until every connected runtime had the change; null while pending.")
    public Double getPropagationMillis() {
        Instant propagated = event.propagatedAt();
        return propagated == null ? null
                : java.time.Duration.between(event.decidedAt(), propagated).toNanos() / 1_000_000.0;
    }

    @NonNull
    @Description("Milliseconds from decision to commit.")
    public double getCommitMillis() {
        return event.timeToCommit().toNanos() / 1_000_000.0;
    }
}
