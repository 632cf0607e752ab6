package dev.tightrope.slack.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Row of table {@code slack_webhook}: an agent's own incoming-webhook URL. */
@Entity
@Table(name = "slack_webhook")
public class SlackWebhookEntity {

    @Id
    @Column(name = "agent_id")
    public Long agentId;

    @Column(nullable = false)
    public String url;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
