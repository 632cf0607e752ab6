package dev.tightrope.slack.persistence;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Per-agent incoming-webhook URLs. */
@ApplicationScoped
public class SlackWebhookRepository implements PanacheRepositoryBase<SlackWebhookEntity, Long> {

    /*
     * One statement, so two concurrent settings of one agent's webhook cannot both find no row and both insert (the
     * second would fail on the primary key): the later one wins, as when they come one after the other.
     */
    private static final String UPSERT = "insert into slack_webhook (agent_id, url, updated_by, updated_at) "
            + "values (:agent, :url, :actor, :at) on conflict (agent_id) do update "
            + "set url = excluded.url, updated_by = excluded.updated_by, updated_at = excluded.updated_at";

    /** Sets the agent's webhook, whether or not it had one. */
    public Uni<Void> upsert(long agentId, String url, String actor, Instant at) {
        return getSession().chain(session -> session.createNativeQuery(UPSERT)
                .setParameter("agent", agentId)
                .setParameter("url", url)
                .setParameter("actor", actor)
                .setParameter("at", at)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Removes the agent's webhook, if it had one. */
    public Uni<Void> remove(long agentId) {
        return delete("agentId", agentId).replaceWithVoid();
    }
}
