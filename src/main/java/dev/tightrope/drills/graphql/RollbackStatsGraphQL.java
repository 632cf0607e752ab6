package dev.tightrope.drills.graphql;

import static dev.tightrope.platform.graphql.Descriptions.AGENT;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import dev.tightrope.drills.application.RollbackStatsService;
import io.smallrye.mutiny.Uni;

/** Rollback statistics: how often releases are rolled back, and how fast. */
@GraphQLApi
public class RollbackStatsGraphQL {

    private final RollbackStatsService stats;

    RollbackStatsGraphQL(RollbackStatsService stats) {
        this.stats = stats;
    }

    @Query
    @NonNull
    @Description("Rollback statistics of an agent since an instant (docs/rollback-metrics.md): releases, rollbacks "
            + "by trigger (drills counted apart), change-failure rate, decision to commit and to propagated, time "
            + "to detect of rules and the judge, time to recover. since must be at most "
            + RollbackStatsService.MAX_DAYS + " days ago and not in the future, and the period may hold at most "
            + RollbackStatsService.MAX_EVENTS + " traffic changes (VALIDATION otherwise); NOT_FOUND for an unknown "
            + "agent.")
    public Uni<RollbackStatsNode> rollbackStats(
            @Description(AGENT) @NonNull String agent,
            @Description("One environment; leave it out for every environment of the agent together.")
            String environment,
            @Description("The start of the period (ISO-8601 with an offset): changes committed at or after it count.")
            @NonNull Instant since) {
        return stats.of(agent, environment, since).map(RollbackStatsNode::new);
    }
}
