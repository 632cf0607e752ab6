package dev.tightrope.platform.actor;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Names who is making the current request, for authors of versions and actors of audit entries.
 *
 * <p>Until API tokens exist every caller is {@value #ANONYMOUS}; access control replaces this with the token's or
 * Slack user's identity.
 */
@ApplicationScoped
public class ActorProvider {

    public static final String ANONYMOUS = "anonymous";

    public String current() {
        return ANONYMOUS;
    }
}
