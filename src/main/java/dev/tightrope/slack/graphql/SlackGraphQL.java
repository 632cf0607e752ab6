package dev.tightrope.slack.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;

import dev.tightrope.access.domain.Role;
import dev.tightrope.slack.application.SlackUsers;
import dev.tightrope.slack.application.SlackWebhooks;
import io.smallrye.mutiny.Uni;

/** Slack settings over GraphQL: which Slack users may do what, and where an agent's notifications go. */
@GraphQLApi
public class SlackGraphQL {

    private final SlackUsers users;
    private final SlackWebhooks webhooks;

    SlackGraphQL(SlackUsers users, SlackWebhooks webhooks) {
        this.users = users;
        this.webhooks = webhooks;
    }

    @Query
    @NonNull
    @Description("Slack users linked to roles, by id. Users not listed have tightrope.slack.default-role, if set.")
    public Uni<List<@NonNull SlackUserNode>> slackUsers() {
        return users.list().map(list -> list.stream().map(SlackUserNode::new).toList());
    }

    @Mutation
    @NonNull
    @Description("Links a Slack user (member id, e.g. U2CERLKJA) to a role: VIEWER reads status, OPERATOR and ADMIN "
            + "may also roll back, promote, pause and resume from Slack. Linking again changes the role (and the "
            + "apiToken: leaving it out unlinks the token).")
    public Uni<SlackUserNode> linkSlackUser(
            @Description("Slack member id, e.g. U2CERLKJA.") @NonNull String slackUserId,
            @Description("The role their Slack actions run with.") @NonNull Role role,
            @Description("The name of the same person's API token, if they have one: where a second person is "
                    + "required (approving a change request), the Slack user and the token count as one person. "
                    + "NOT_FOUND when no token has that name.") String apiToken) {
        return users.link(slackUserId, role, apiToken).map(SlackUserNode::new);
    }

    @Mutation
    @NonNull
    @Description("Removes a Slack user's link; true if there was one. They keep the team default role, if any.")
    public Uni<Boolean> unlinkSlackUser(@Description("Slack member id, e.g. U2CERLKJA.") @NonNull String slackUserId) {
        return users.unlink(slackUserId);
    }

    @Mutation("setSlackWebhook") // named explicitly: MicroProfile GraphQL drops a "set" prefix otherwise
    @NonNull
    @Description("Sets the incoming-webhook URL for the agent's notifications (https; http only on localhost), or "
            + "removes it with null or \"\" so the global tightrope.slack.webhook-url applies again.")
    public Uni<SlackWebhookNode> setSlackWebhook(@Description("Slug of the agent.") @NonNull String agent,
            @Description("The agent's incoming-webhook URL; none: back to the global one.") String webhookUrl) {
        return webhooks.set(agent, webhookUrl).map(SlackWebhookNode::new);
    }
}
