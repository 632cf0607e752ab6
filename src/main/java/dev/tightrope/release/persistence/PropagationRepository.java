package dev.tightrope.release.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.release.domain.Propagation;
import dev.tightrope.release.domain.PropagationStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Runtime subscriptions, acknowledgements and per-event propagation (tables {@code config_subscription},
 * {@code config_ack}, {@code event_propagation}). Plain SQL: these are set operations (who is connected, who has
 * acknowledged what) that read best as SQL. Runs in the caller's session.
 */
@ApplicationScoped
public class PropagationRepository {


    public Uni<Long> subscribe(long agentId, String environment, String runtimeId, String instanceId, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into config_subscription (agent_id, environment, runtime_id, instance_id, connected_at, "
                        + "last_seen_at) values (?1, ?2, ?3, ?4, ?5, ?5) returning id", Long.class)
                .setParameter(1, agentId).setParameter(2, environment).setParameter(3, runtimeId)
                .setParameter(4, instanceId).setParameter(5, now)
                .getSingleResult());
    }

    public Uni<Integer> unsubscribe(long subscriptionId, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "update config_subscription set disconnected_at = ?2 where id = ?1 and disconnected_at is null")
                .setParameter(1, subscriptionId).setParameter(2, now)
                .executeUpdate());
    }

    /** Marks this instance's open subscriptions as alive; rows not seen for a while count as disconnected. */
    public Uni<Integer> heartbeat(String instanceId, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "update config_subscription set last_seen_at = ?2 where instance_id = ?1 and disconnected_at is null")
                .setParameter(1, instanceId).setParameter(2, now)
                .executeUpdate());
    }

    /** Records that a runtime uses {@code generation} (keeping the highest one acknowledged). */
    public Uni<Integer> acknowledge(long agentId, String environment, String runtimeId, long generation,
            Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into config_ack (agent_id, environment, runtime_id, generation, acknowledged_at) "
                        + "values (?1, ?2, ?3, ?4, ?5) on conflict (agent_id, environment, runtime_id) do update set "
                        + "acknowledged_at = case when excluded.generation > config_ack.generation "
                        + "then excluded.acknowledged_at else config_ack.acknowledged_at end, "
                        + "generation = greatest(config_ack.generation, excluded.generation)")
                .setParameter(1, agentId).setParameter(2, environment).setParameter(3, runtimeId)
                .setParameter(4, generation).setParameter(5, now)
                .executeUpdate());
    }

    /**
     * Recounts the acknowledgements of the deployment's pending events and completes those every expected runtime
     * has acknowledged (a runtime acknowledging generation 7 holds everything up to 7).
     *
     * <p>The pending rows are locked first, in event order, in a statement of their own: concurrent
     * acknowledgements of one deployment then queue instead of deadlocking on rows taken in different orders, and
     * the recount, a later statement, sees every acknowledgement committed before the lock was granted.
     *
     * @return ids of the events completed now
     */
    public Uni<List<Long>> complete(long deploymentId, long agentId, String environment, Instant now) {
        String acknowledgedCount = "(select count(*) from unnest(p.expected_runtimes) r(runtime_id) "
                + "join config_ack a on a.runtime_id = r.runtime_id and a.agent_id = ?2 and a.environment = ?3 "
                + "and a.generation >= p.generation)";
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select event_id from event_propagation where deployment_id = ?1 and status = 'PENDING' "
                        + "order by event_id for update", Long.class)
                .setParameter(1, deploymentId)
                .getResultList()
                .chain(pending -> pending.isEmpty() ? Uni.createFrom().item(List.<Long>of())
                        : recount(session, deploymentId, agentId, environment, now, acknowledgedCount)));
    }

    private static Uni<List<Long>> recount(Mutiny.Session session, long deploymentId, long agentId,
            String environment, Instant now, String acknowledgedCount) {
        return session.createNativeQuery(
                "update event_propagation p set acknowledged = " + acknowledgedCount
                        + " where p.deployment_id = ?1 and p.status = 'PENDING'")
                .setParameter(1, deploymentId).setParameter(2, agentId).setParameter(3, environment)
                .executeUpdate()
                .chain(() -> session.createNativeQuery(
                        "update event_propagation set status = 'ACKNOWLEDGED', propagated_at = ?2 "
                                + "where deployment_id = ?1 and status = 'PENDING' "
                                + "and acknowledged = cardinality(expected_runtimes) returning event_id", Long.class)
                        .setParameter(1, deploymentId).setParameter(2, now)
                        .getResultList());
    }

    /** Gives up waiting for events past their deadline; {@code propagatedAt} becomes the deadline. */
    public Uni<List<Long>> timeOut(Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "update event_propagation set status = 'TIMED_OUT', propagated_at = deadline where event_id in ("
                        + "select event_id from event_propagation where status = 'PENDING' and deadline < ?1 "
                        + "order by event_id for update) returning event_id", Long.class)
                .setParameter(1, now)
                .getResultList());
    }

    /** Propagation of each of the events that has one, by event id. */
    public Uni<Map<Long, Propagation>> of(List<Long> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select event_id, status, propagated_at, cardinality(expected_runtimes), acknowledged "
                        + "from event_propagation where event_id in (?1)", Object[].class)
                .setParameter(1, eventIds)
                .getResultList())
                .map(rows -> rows.stream().collect(Collectors.toMap(row -> ((Number) row[0]).longValue(),
                        row -> new Propagation(PropagationStatus.valueOf((String) row[1]), toInstant(row[2]),
                                ((Number) row[3]).intValue(), ((Number) row[4]).intValue()))));
    }

    private static Instant toInstant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof java.time.LocalDateTime local) {
            return local.toInstant(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
