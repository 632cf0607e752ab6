package dev.tightrope.telemetry.graphql;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.access.http.Callers;
import dev.tightrope.platform.actor.ActorProvider;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.telemetry.application.OutcomeConfig;
import dev.tightrope.telemetry.application.OutcomeIngestion;
import dev.tightrope.telemetry.application.OutcomeReport;
import io.smallrye.mutiny.Uni;

/** Outcomes over GraphQL: for runtimes that already speak it. Volume goes to {@code POST /api/v1/outcomes}. */
@GraphQLApi
public class TelemetryGraphQL {

    private final OutcomeIngestion ingestion;
    private final OutcomeConfig config;

    TelemetryGraphQL(OutcomeIngestion ingestion, OutcomeConfig config) {
        this.ingestion = ingestion;
        this.config = config;
    }

    @Mutation
    @NonNull
    @Description("Reports what happened to requests (at most 1 000 a call). The answer comes once the accepted ones "
            + "are stored; refused ones are listed by index with their code. A repeated batchId adds nothing again.")
    public Uni<OutcomeReportNode> reportOutcomes(
            @Description("What happened to each request.") @NonNull List<@NonNull OutcomeInput> outcomes,
            @Description("Makes a retry safe: a batch id counted before for the same outcomes adds nothing again, "
                    + "and for other outcomes is refused with CONFLICT (kept as long as the outcomes).")
            String batchId) {
        if (outcomes.size() > config.maxPerCall()) {
            throw TightropeException.validation("At most " + config.maxPerCall() + " outcomes a call, not "
                    + outcomes.size() + "; send larger batches to POST /api/v1/outcomes");
        }
        List<OutcomeIngestion.Entry> entries = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            entries.add(new OutcomeIngestion.Entry(i, outcomes.get(i).toRaw(), null));
        }
        return ingestion.ingest(OutcomeIngestion.withinScope(entries, Callers.of(ActorProvider.currentIdentity()),
                "reportOutcomes"), batchId).map(OutcomeReportNode::new);
    }

    /** What became of a batch. */
    @Description("The answer of reportOutcomes: what was counted and what was refused.")
    @Type("OutcomeReport")
    public static class OutcomeReportNode {

        private final OutcomeReport report;

        OutcomeReportNode(OutcomeReport report) {
            this.report = report;
        }

        @NonNull
        @Description("Outcomes counted (when deduplicated: those the first request with this batchId counted).")
        public int getAccepted() {
            return report.accepted();
        }

        @Description("The outcomes refused, each with why; the others were counted.")
        @NonNull
        public List<@NonNull OutcomeRejectionNode> getRejected() {
            return report.rejected().stream().map(OutcomeRejectionNode::new).toList();
        }

        @NonNull
        @Description("The batchId had been counted before: nothing was added again.")
        public boolean isDeduplicated() {
            return report.deduplicated();
        }
    }

    /** One refused outcome. */
    @Description("One refused outcome.")
    @Type("OutcomeRejection")
    public static class OutcomeRejectionNode {

        private final OutcomeReport.Rejection rejection;

        OutcomeRejectionNode(OutcomeReport.Rejection rejection) {
            this.rejection = rejection;
        }

        @NonNull
        @Description("Its index in the outcomes list, from 0.")
        public int getIndex() {
            return rejection.position();
        }

        @Description("The error code, e.g. VALIDATION or NOT_FOUND.")
        @NonNull
        public String getCode() {
            return rejection.code();
        }

        @Description("What is wrong with it, for people.")
        @NonNull
        public String getMessage() {
            return rejection.message();
        }
    }
}
