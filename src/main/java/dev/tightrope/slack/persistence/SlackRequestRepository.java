package dev.tightrope.slack.persistence;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Slack requests already handled (table {@code slack_request}). */
@ApplicationScoped
public class SlackRequestRepository {

    /**
     * Records a request id unless a live record exists; {@code true} when this call recorded it (first sighting),
     * {@code false} for a retry or replay. One statement, so two instances racing on the same id cannot both win:
     * PostgreSQL's unique index decides. An expired record is taken over as if absent.
     */
    public Uni<Boolean> claim(String requestId, Instant now, Instant expiresAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into slack_request (request_id, seen_at, expires_at) values (?1, ?2, ?3) "
                        + "on conflict (request_id) do update set seen_at = excluded.seen_at, "
                        + "expires_at = excluded.expires_at where slack_request.expires_at <= excluded.seen_at")
                .setParameter(1, requestId).setParameter(2, now).setParameter(3, expiresAt)
                .executeUpdate())
                .map(rows -> rows == 1);
    }

    public Uni<Integer> deleteExpired(Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "delete from slack_request where expires_at <= ?1")
                .setParameter(1, now)
                .executeUpdate());
    }
}
