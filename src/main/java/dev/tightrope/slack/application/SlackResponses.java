package dev.tightrope.slack.application;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tightrope.slack.domain.RetryPolicy;
import dev.tightrope.slack.domain.SlackMessage;
import dev.tightrope.slack.domain.WebhookUrls;
import io.vertx.core.json.JsonObject;

/**
 * Answers posted to a command's or a click's {@code response_url} (valid 30 minutes, up to 5 posts), with the
 * same retries as notifications. Fire and forget: nobody waits for them.
 */
@ApplicationScoped
public class SlackResponses {

    private static final Logger LOG = Logger.getLogger(SlackResponses.class);

    private final SlackPoster poster;
    private final SlackConfig config;

    SlackResponses(SlackPoster poster, SlackConfig config) {
        this.poster = poster;
        this.config = config;
    }

    public void post(String responseUrl, SlackMessage message) {
        if (message == null) {
            return;
        }
        if (responseUrl == null || !WebhookUrls.allowed(responseUrl)) {
            LOG.warn("A Slack answer has no usable response_url (https, or http on localhost); it is dropped");
            return;
        }
        SlackConfig.Notifications delivery = config.notifications();
        poster.post(responseUrl, new JsonObject(message.toJson()).encode(),
                new RetryPolicy(delivery.maxAttempts(), delivery.initialBackoff(), delivery.maxBackoff()),
                delivery.requestTimeout(), attempt -> {
                })
                .subscribe().with(result -> {
                }, failure -> LOG.warnf(failure, "Posting a Slack answer failed"));
    }
}
