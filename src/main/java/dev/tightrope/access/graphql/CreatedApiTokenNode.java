package dev.tightrope.access.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** GraphQL type {@code CreatedApiToken}: the one answer that carries a secret. */
@Type("CreatedApiToken")
@Description("A new token and its secret. The secret is shown here once and cannot be read again: store it now.")
public class CreatedApiTokenNode {

    private final String secret;
    private final ApiTokenNode token;

    CreatedApiTokenNode(String secret, ApiTokenNode token) {
        this.secret = secret;
        this.token = token;
    }

    @NonNull
    @Description("Send it as 'Authorization: Bearer <secret>'.")
    public String getSecret() {
        return secret;
    }

    @Description("The token as listed by apiTokens.")
    @NonNull
    public ApiTokenNode getToken() {
        return token;
    }

    @Override
    public String toString() {
        return "CreatedApiToken[secret=***]";
    }
}
