package dev.tightrope.slack.application;

import java.time.Duration;
import java.util.Optional;

import dev.tightrope.access.domain.Role;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Slack chat-ops: request verification, who may act, and where notifications go. */
@ConfigMapping(prefix = "tightrope.slack")
public interface SlackConfig {

    /**
     * The Slack app's signing secret (Basic Information → App Credentials). Without it {@code /slack/commands} and
     * {@code /slack/interactions} are off: they answer 404 and act on nothing. Notifications do not need it.
     */
    Optional<String> signingSecret();

    /**
     * Role of Slack users who are not linked with {@code linkSlackUser}. None by default: unknown users can only
     * read status. {@code VIEWER}, {@code OPERATOR} or {@code ADMIN}.
     */
    Optional<Role> defaultRole();

    /** Environment of commands that name none. Default {@code production}. */
    @WithDefault("production")
    String defaultEnvironment();

    /** How far a request's timestamp may be from now (either way). Slack's recommendation and default: 5 minutes. */
    @WithDefault("5M")
    Duration signatureWindow();

    /**
     * How long a slash command may work before its answer is sent as "working on it…" with the result following on
     * the command's {@code response_url}. Slack gives up on an answer after 3 s. Default 2.5 s.
     */
    @WithDefault("PT2.5S")
    Duration responseDeadline();

    /**
     * How long handled request ids are remembered, across instances, so retries and replays do nothing. Must
     * exceed the signature window (older replays are refused by their signature anyway). Default 1 hour.
     */
    @WithDefault("1H")
    Duration replayMemory();

    /**
     * A {@code rollback} command that names no version ({@code to <n>}) and arrives within this time of another
     * rollback of the same deployment does nothing and says so: in an incident several people type the same
     * command, and each would otherwise roll back one version further. Default 60 s; 0 turns the check off.
     */
    @WithDefault("60S")
    Duration repeatedRollbackWindow();

    /** Global incoming-webhook URL for notifications; an agent's own one ({@code setSlackWebhook}) wins. */
    Optional<String> webhookUrl();

    Notifications notifications();

    /** Delivery of notifications to incoming webhooks. */
    interface Notifications {

        /** Attempts per notification, first one included. Default 5. */
        @WithDefault("5")
        int maxAttempts();

        /** Wait after the first failed attempt; doubles after each further one. Default 1 s. */
        @WithDefault("1S")
        Duration initialBackoff();

        /** Longest wait between attempts. Default 30 s. */
        @WithDefault("30S")
        Duration maxBackoff();

        /** How long one attempt may take before it counts as failed. Default 10 s. */
        @WithDefault("10S")
        Duration requestTimeout();

        /**
         * Notifications waiting or being sent, at most; more are dropped (and counted) rather than queued without
         * bound. Default 1000.
         */
        @WithDefault("1000")
        int queueCapacity();

        /**
         * Changes older than this when an instance hears of them are not notified (after a restart, the latest
         * change of every deployment is heard again). Default 10 minutes.
         */
        @WithDefault("10M")
        Duration maxEventAge();

        /** How long the record of a sent notification is kept. Default 7 days. */
        @WithDefault("7D")
        Duration keepRecords();
    }
}
