package dev.tightrope.release.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.release.domain.Propagation;
import dev.tightrope.release.domain.PropagationStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Runtime subscriptions and per-event propagation (tables {@code config_subscription}, {@code event_propagation}).
 * Plain SQL: these are set operations (who is connected, what is still pending) that read best as SQL. Runs in the
 * caller's session. Acknowledgements, the hot path, are recorded by {@link AcknowledgementStore} on the reactive
 * client directly.
 */
@ApplicationScoped
public class PropagationRepository {

    private final Pool pool;

    PropagationRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Marks every open subscription of an instance as disconnected, on the reactive client directly (no session: it
     * runs while the application stops, outside any Vert.x context); how many there were.
     */
    public Uni<Integer> disconnectInstance(String instanceId, Instant now) {
        return pool.preparedQuery("update config_subscription set disconnected_at = $2 where instance_id = $1 "
                + "and disconnected_at is null").execute(Tuple.of(instanceId, OffsetDateTime.ofInstant(now,
                        ZoneOffset.UTC))).map(rows -> rows.rowCount());
    }


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
