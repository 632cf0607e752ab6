package dev.tightrope.slack.application;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.slack.domain.SlackSignature;

/**
 * Checks that a request comes from Slack ({@link SlackSignature}) with the configured signing secret, the
 * application clock and the configured window. Without a signing secret the Slack endpoints are disabled.
 */
@ApplicationScoped
public class SlackVerifier {

    private final SlackConfig config;
    private final Clock clock;

    SlackVerifier(SlackConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public boolean enabled() {
        return config.signingSecret().filter(secret -> !secret.isBlank()).isPresent();
    }

    /** {@link SlackSignature.Check#VALID} or why not; call only when {@link #enabled()}. */
    public SlackSignature.Check check(String timestamp, String signature, byte[] rawBody) {
        return SlackSignature.check(config.signingSecret().orElseThrow(), timestamp, signature, rawBody,
                clock.instant(), config.signatureWindow());
    }
}
