package dev.tightrope.slack.graphql;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.slack.application.SlackWebhooks.WebhookSetting;

/** GraphQL type {@code SlackWebhook}. */
@Type("SlackWebhook")
@Description("Where an agent's Slack notifications go. The URL is a secret: only a hint of it is shown.")
public class SlackWebhookNode {

    private final WebhookSetting setting;

    public SlackWebhookNode(WebhookSetting setting) {
        this.setting = setting;
    }

    @NonNull
    @Description("Slug of the agent.")
    public String getAgent() {
        return setting.agent();
    }

    @Description("Scheme, host and last four characters of the URL in use, e.g. https://hooks.slack.com/…Xq3Z; "
            + "null when notifications of this agent go nowhere.")
    public String getUrlHint() {
        return setting.urlHint();
    }

    @NonNull
    @Description("true: the agent's own webhook; false: the global tightrope.slack.webhook-url (or none).")
    public boolean isOwn() {
        return setting.own();
    }

    @Description("Who set it last.")
    public String getUpdatedBy() {
        return setting.updatedBy();
    }

    public Instant getUpdatedAt() {
        return setting.updatedAt();
    }
}
