package dev.tightrope.access.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

import dev.tightrope.access.domain.Caller;
import dev.tightrope.access.domain.Role;

/** GraphQL type {@code Viewer}: the caller, as its API token says. */
@Type("Viewer")
@Description("Who is calling: the API token of this request, so that a client such as the dashboard can offer what "
        + "the role allows.")
public class ViewerNode {

    private final Caller caller;

    ViewerNode(Caller caller) {
        this.caller = caller;
    }

    @NonNull
    @Description("The token's name.")
    public String getName() {
        return caller.tokenName();
    }

    @Description("The role of the caller's token.")
    @NonNull
    public Role getRole() {
        return caller.role();
    }

    @NonNull
    @Description("How the caller's actions are recorded: token:<name>.")
    public String getActor() {
        return caller.actor();
    }

    @Description("The id of the caller's token (ApiToken.id).")
    @Id
    @NonNull
    public String getTokenId() {
        return Long.toString(caller.tokenId());
    }

    @NonNull
    @Description("The agents the caller's token may act on; empty: every agent.")
    public java.util.List<@NonNull String> getAgents() {
        return caller.scope().agents();
    }

    @NonNull
    @Description("The environments the caller's token may act on; empty: every environment.")
    public java.util.List<@NonNull String> getEnvironments() {
        return caller.scope().environments();
    }
}
