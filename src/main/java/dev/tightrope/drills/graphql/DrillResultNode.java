package dev.tightrope.drills.graphql;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.drills.domain.DrillMode;
import dev.tightrope.drills.domain.DrillResult;

/** GraphQL type {@code DrillResult}. */
@Type("DrillResult")
@Description("One rollback drill of one deployment and how it went; durations in milliseconds, null where the drill "
        + "did not get that far or the mode has no such step.")
public class DrillResultNode {

    private final DrillResult result;

    public DrillResultNode(DrillResult result) {
        this.result = result;
    }

    @Id
    @NonNull
    @Description("The drill's id.")
    public String getId() {
        return Long.toString(result.id());
    }

    @NonNull
    @Description("The agent's slug.")
    public String getAgent() {
        return result.agent();
    }

    @NonNull
    @Description("The environment.")
    public String getEnvironment() {
        return result.environment();
    }

    @NonNull
    @Description("DRY_RUN or LIVE.")
    public DrillMode getMode() {
        return result.mode();
    }

    @Description("Whether rollback worked: every check and step succeeded.")
    public boolean isPassed() {
        return result.passed();
    }

    @Description("Whether the drill ran on the agent's schedule (rather than by a person).")
    public boolean isScheduled() {
        return result.scheduled();
    }

    @NonNull
    @Description("Who ran it: token:<name> of a person, or schedule.")
    public String getActor() {
        return result.actor();
    }

    @Description("The version that was live when the drill started.")
    public Integer getFromVersion() {
        return result.fromVersion();
    }

    @Description("The version a rollback goes to: the previous known-good one, or the stable one while a canary runs.")
    public Integer getToVersion() {
        return result.toVersion();
    }

    @NonNull
    @Description("When the drill started.")
    public Instant getStartedAt() {
        return result.startedAt();
    }

    @NonNull
    @Description("When the drill ended.")
    public Instant getFinishedAt() {
        return result.finishedAt();
    }

    @Description("The whole drill, in milliseconds.")
    public double getTotalMillis() {
        return result.totalMillis();
    }

    @Description("Checking that the version rolled back to is complete (every component resolvable).")
    public Double getCheckMillis() {
        return result.checkMillis();
    }

    @Description("The rehearsed switch: the rollback's transaction, run and rolled back.")
    public Double getSwitchMillis() {
        return result.switchMillis();
    }

    @Description("LIVE: the rollback from decision to commit.")
    public Double getRollbackCommitMillis() {
        return result.rollbackCommitMillis();
    }

    @Description("LIVE: from the rollback's decision until every connected runtime had acknowledged it.")
    public Double getRollbackPropagationMillis() {
        return result.rollbackPropagationMillis();
    }

    @Description("LIVE: the roll-forward from decision to commit.")
    public Double getForwardCommitMillis() {
        return result.forwardCommitMillis();
    }

    @Description("LIVE: from the roll-forward's decision until every connected runtime had acknowledged it.")
    public Double getForwardPropagationMillis() {
        return result.forwardPropagationMillis();
    }

    @Description("LIVE: the runtimes connected when the rollback was decided.")
    public Integer getRuntimesExpected() {
        return result.runtimesExpected();
    }

    @Description("LIVE: how many of them acknowledged the rollback.")
    public Integer getRuntimesAcknowledged() {
        return result.runtimesAcknowledged();
    }

    @Description("Why the drill did not pass; null when it passed.")
    public String getFailureReason() {
        return result.failureReason();
    }
}
