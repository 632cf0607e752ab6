package dev.tightrope.governance.graphql;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.governance.domain.ChangeOperation;
import dev.tightrope.governance.domain.ChangeRequest;
import dev.tightrope.governance.domain.ChangeState;
import dev.tightrope.governance.domain.PromotionMode;

/** GraphQL type {@code ChangeRequest}. */
@Type("ChangeRequest")
@Description("A traffic change in a protected environment held for a second person's approval, with exactly what "
        + "was asked and the deployment's generation at the time.")
public class ChangeRequestNode {

    private final ChangeRequest request;

    ChangeRequestNode(ChangeRequest request) {
        this.request = request;
    }

    @NonNull
    @Id
    @Description("Identifies the request, for approveChange and rejectChange.")
    public String getId() {
        return Long.toString(request.id());
    }

    @NonNull
    @Description("The agent.")
    public String getAgent() {
        return request.agent();
    }

    @NonNull
    @Description("The (protected) environment the change is for.")
    public String getEnvironment() {
        return request.environment();
    }

    @NonNull
    @Description("The mutation asked for.")
    public ChangeOperation getOperation() {
        return request.operation();
    }

    @Description("The version to deploy or start (for PROMOTE_ENVIRONMENT: the one stable in from when asked).")
    public Integer getVersion() {
        return number(request.arguments().get("version"));
    }

    @Description("The canary's weight (startRollout by hand, advanceRollout).")
    public Integer getWeight() {
        return number(request.arguments().get("weight"));
    }

    @Description("Whether a startRollout was asked with a rollout plan of its own.")
    public boolean isHasPlan() {
        return request.arguments().get("plan") != null;
    }

    @Description("PROMOTE_ENVIRONMENT: the environment the version comes from.")
    public String getFrom() {
        return (String) request.arguments().get("from");
    }

    @Description("PROMOTE_ENVIRONMENT: DEPLOY or ROLLOUT.")
    public PromotionMode getMode() {
        Object mode = request.arguments().get("mode");
        return mode == null ? null : PromotionMode.valueOf(mode.toString());
    }

    @NonNull
    @Description("Why, as the requester wrote it.")
    public String getReason() {
        return request.reason() == null ? "" : request.reason();
    }

    @Description("The deployment's generation when the change was asked for: it is applied only at this one.")
    public long getGeneration() {
        return request.generation();
    }

    @NonNull
    @Description("Where the request is.")
    public ChangeState getState() {
        return request.state();
    }

    @NonNull
    @Description("Who asked: token:<name> or slack:<id> (<name>).")
    public String getRequestedBy() {
        return request.requester();
    }

    @NonNull
    @Description("When it was asked for.")
    public Instant getRequestedAt() {
        return request.requestedAt();
    }

    @NonNull
    @Description("When it expires if nobody decides.")
    public Instant getExpiresAt() {
        return request.expiresAt();
    }

    @Description("Who approved or rejected it; null while nobody did.")
    public String getDecidedBy() {
        return request.decidedBy();
    }

    @Description("When it was approved or rejected.")
    public Instant getDecidedAt() {
        return request.decidedAt();
    }

    @Description("Why it was rejected.")
    public String getDecisionReason() {
        return request.decisionReason();
    }

    @Description("The generation the applied change reached; null unless APPLIED.")
    public Long getEventGeneration() {
        return request.eventGeneration();
    }

    @Description("What became of it: what was applied, why it is STALE or FAILED.")
    public String getOutcome() {
        return request.outcome();
    }

    private static Integer number(Object value) {
        return value instanceof Number n ? Integer.valueOf(n.intValue()) : null;
    }
}
