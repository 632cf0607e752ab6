package dev.tightrope.drills.graphql;

import static dev.tightrope.platform.graphql.Descriptions.AFTER;
import static dev.tightrope.platform.graphql.Descriptions.AGENT;
import static dev.tightrope.platform.graphql.Descriptions.CURSOR;
import static dev.tightrope.platform.graphql.Descriptions.ENVIRONMENT;
import static dev.tightrope.platform.graphql.Descriptions.FIRST;

import java.util.List;

import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import dev.tightrope.drills.application.DrillService;
import dev.tightrope.drills.application.Drills;
import dev.tightrope.drills.domain.DrillMode;
import dev.tightrope.platform.actor.ActorProvider;
import dev.tightrope.platform.error.TightropeException;
import dev.tightrope.platform.graphql.Connections;
import dev.tightrope.platform.graphql.PageInfo;
import dev.tightrope.platform.paging.PageRequest;
import dev.tightrope.registry.domain.AgentRules;
import dev.tightrope.registry.graphql.AgentNode;
import dev.tightrope.release.application.DeploymentQueries;
import dev.tightrope.release.domain.Deployment;
import dev.tightrope.release.graphql.DeploymentNode;
import io.smallrye.mutiny.Uni;

/** Rollback drills over GraphQL: run one, read the results and schedules, and the overdue flags (docs/drills.md). */
@GraphQLApi
public class DrillGraphQL {

    private final DrillService drills;
    private final Drills queries;
    private final DeploymentQueries deployments;
    private final ActorProvider actors;

    DrillGraphQL(DrillService drills, Drills queries, DeploymentQueries deployments, ActorProvider actors) {
        this.drills = drills;
        this.queries = queries;
        this.deployments = deployments;
        this.actors = actors;
    }

    @Mutation
    @NonNull
    @Description("Runs a rollback drill now and answers its result. DRY_RUN rehearses the rollback (the target "
            + "version is complete, the switch's transaction runs and is rolled back; nothing changes). LIVE rolls "
            + "back to the previous known-good version with trigger DRILL, waits until every connected runtime "
            + "has acknowledged, rolls forward to the version that was live, and times each step; it is refused "
            + "(CONFLICT) while a rollout is running. A drill that finds rollback impossible is recorded as failed, "
            + "with the reason.")
    public Uni<DrillResultNode> runRollbackDrill(@Description(AGENT) @NonNull String agent,
            @Description(ENVIRONMENT) @NonNull String environment,
            @Description("DRY_RUN (changes nothing; the default) or LIVE (rolls back and forward for real).")
            @DefaultValue("DRY_RUN") @NonNull DrillMode mode) {
        return drills.run(agent, environment, mode, actors.current(), null).map(DrillResultNode::new);
    }

    @Query("drills")
    @NonNull
    @Description("An agent's rollback drills, newest first.")
    public Uni<DrillResultConnection> drillList(@Description(AGENT) @NonNull String agent,
            @Description("Only this environment's; none: every environment.") String environment,
            @Description(FIRST) Integer first, @Description(AFTER) String after) {
        AgentRules.requireFilterSlugs("agent", agent, "environment", environment);
        PageRequest request = PageRequest.of(first, after, Drills.CURSOR);
        return queries.page(agent, environment, request).map(page -> Connections.of(page, request, Drills.CURSOR,
                DrillResultNode::new, DrillResultEdge::new, DrillResultConnection::new));
    }

    @Query
    @NonNull
    @Description("One rollback drill; NOT_FOUND when there is no such drill.")
    public Uni<DrillResultNode> drill(@Description("The drill's id.") @NonNull @Id String id) {
        return queries.find(id(id)).map(DrillResultNode::new);
    }

    @Query
    @NonNull
    @Description("An agent's drill schedule: its own, or the default (monthly DRY_RUN).")
    public Uni<DrillScheduleNode> drillSchedule(@Description(AGENT) @NonNull String agent) {
        return queries.schedule(agent).map(DrillScheduleNode::new);
    }

    @Mutation("setDrillSchedule")
    @NonNull
    @Description("Sets an agent's drill schedule: its deployments are drilled at every time the cron expression "
            + "matches, in the time zone, in the mode. VALIDATION for an expression that is not five cron fields or "
            + "an unknown time zone.")
    public Uni<DrillScheduleNode> setDrillSchedule(@Description(AGENT) @NonNull String agent,
            @Description("Five cron fields: minute hour day-of-month month day-of-week, e.g. '0 4 1 * *' (04:00 on "
                    + "the first of every month) or '30 2 * * 1' (Mondays 02:30).") @NonNull String cron,
            @Description("An IANA time zone such as Europe/Berlin, or a fixed offset such as +02:00; none: UTC.")
            String timeZone,
            @Description("DRY_RUN or LIVE.") @NonNull DrillMode mode,
            @Description("Whether scheduled drills run; none: true.") Boolean enabled) {
        return queries.setSchedule(agent, cron, timeZone, mode, enabled == null || enabled, actors.current())
                .map(DrillScheduleNode::new);
    }

    /**
     * Batched: a list of deployments (the dashboard's agents list) reads all their last passing drills in one
     * query, not one per deployment.
     */
    @Description("The deployment's latest passing rollback drill; null when it never passed one.")
    public Uni<List<DrillResultNode>> lastPassingDrill(@Source List<DeploymentNode> deployments) {
        List<Long> ids = deployments.stream().map(DeploymentNode::deploymentId).toList();
        return queries.lastPassed(ids).map(last -> ids.stream()
                .map(id -> last.containsKey(id) ? new DrillResultNode(last.get(id)) : null).toList());
    }

    /** Batched like {@link #lastPassingDrill(List)}. */
    @Description("Whether the deployment has no passing rollback drill within tightrope.drills.max-age (30 days): "
            + "its rollback is unproven.")
    public Uni<List<Boolean>> drillOverdue(@Source List<DeploymentNode> deployments) {
        List<Long> ids = deployments.stream().map(DeploymentNode::deploymentId).toList();
        return queries.lastPassed(ids).map(last -> ids.stream().map(id -> queries.overdue(last.get(id))).toList());
    }

    @Description("Whether any of the agent's deployments has no passing rollback drill within "
            + "tightrope.drills.max-age (30 days).")
    public Uni<Boolean> drillOverdue(@Source AgentNode agent) {
        return deployments.deployments(agent.getSlug()).chain(list -> {
            List<Long> ids = list.stream().filter(d -> d.state().stableVersion() != null).map(Deployment::id)
                    .toList();
            return queries.lastPassed(ids).map(last -> ids.stream().anyMatch(id -> queries.overdue(last.get(id))));
        });
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw TightropeException.validation("id must be the id of a drill (a number), not '"
                    + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + "'");
        }
    }

    /** A page of drills. */
    @Description("A page of rollback drills, newest first.")
    public record DrillResultConnection(@Description("The drills of this page.") @NonNull List<@NonNull DrillResultEdge> edges,
            @Description("Where this page is in the list.") @NonNull PageInfo pageInfo) {
    }

    /** A drill with its cursor. */
    @Description("A rollback drill with its cursor.")
    public record DrillResultEdge(@Description(CURSOR) @NonNull String cursor,
            @Description("The drill.") @NonNull DrillResultNode node) {
    }
}
