package dev.tightrope.slack.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.tightrope.access.domain.Role;

/** Row of table {@code slack_user}: the role linked to a Slack user id. */
@Entity
@Table(name = "slack_user")
public class SlackUserEntity {

    @Id
    @Column(name = "slack_user_id")
    public String slackUserId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Role role;

    @Column(name = "linked_by", nullable = false)
    public String linkedBy;

    @Column(name = "linked_at", nullable = false)
    public Instant linkedAt;

    /** The name of the same person's API token, or null. */
    @Column(name = "api_token_name")
    public String apiTokenName;
}
