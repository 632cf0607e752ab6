package dev.tightrope.slack.graphql;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.access.domain.Role;
import dev.tightrope.slack.application.SlackUsers.SlackUserLink;

/** GraphQL type {@code SlackUser}. */
@Type("SlackUser")
@Description("A Slack user linked to a Tightrope role: what they may do with /tightrope and the buttons.")
public class SlackUserNode {

    private final SlackUserLink link;

    public SlackUserNode(SlackUserLink link) {
        this.link = link;
    }

    @NonNull
    @Description("Slack member id, e.g. U2CERLKJA.")
    public String getSlackUserId() {
        return link.slackUserId();
    }

    @NonNull
    @Description("The Tightrope role their Slack actions run with.")
    public Role getRole() {
        return link.role();
    }

    @NonNull
    @Description("Who linked them.")
    public String getLinkedBy() {
        return link.linkedBy();
    }

    @NonNull
    @Description("When they were linked.")
    public Instant getLinkedAt() {
        return link.linkedAt();
    }

    @Description("The name of the same person's API token; null when none is linked.")
    public String getApiToken() {
        return link.apiTokenName();
    }
}
