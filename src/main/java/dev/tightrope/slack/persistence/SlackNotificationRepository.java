package dev.tightrope.slack.persistence;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Notifications claimed for sending (table {@code slack_notification}). */
@ApplicationScoped
public class SlackNotificationRepository {

    /** {@code true} when this instance claimed the key, {@code false} when another one (or an earlier try) did. */
    public Uni<Boolean> claim(String key, String instanceId, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into slack_notification (notification_key, claimed_by, claimed_at) values (?1, ?2, ?3) "
                        + "on conflict (notification_key) do nothing")
                .setParameter(1, key).setParameter(2, instanceId).setParameter(3, now)
                .executeUpdate())
                .map(rows -> rows == 1);
    }

    /** Records how sending ended: SENT, FAILED, DROPPED or SKIPPED. */
    public Uni<Integer> finish(String key, String outcome, int attempts, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "update slack_notification set outcome = ?2, attempts = ?3, finished_at = ?4 "
                        + "where notification_key = ?1")
                .setParameter(1, key).setParameter(2, outcome).setParameter(3, attempts).setParameter(4, now)
                .executeUpdate());
    }

    /** How a claimed notification ended: {@code SENT 3} (outcome and attempts), {@code PENDING 0}, or null. */
    public Uni<String> outcome(String key) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select coalesce(outcome, 'PENDING') || ' ' || attempts from slack_notification "
                        + "where notification_key = ?1", String.class)
                .setParameter(1, key)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    public Uni<Integer> deleteClaimedBefore(Instant before) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "delete from slack_notification where claimed_at < ?1")
                .setParameter(1, before)
                .executeUpdate());
    }
}
