package dev.tightrope.slack.application;

import dev.tightrope.slack.domain.ButtonClick;
import dev.tightrope.slack.domain.SlackMessage;
import io.smallrye.mutiny.Uni;

/**
 * Handles the clicks on one kind of Tightrope button. Implementations are CDI beans; {@link SlackInteractions}
 * finds them by {@link #actionId()}: the deployment buttons ({@link DeploymentActionHandlers}) and the alert buttons
 * ({@link AlertActionHandlers}).
 */
public interface SlackActionHandler {

    /** The {@code action_id} this handler serves. */
    String actionId();

    /**
     * Does what the button says. The click was verified and claimed (it is handled once); the message returned is
     * posted to the click's {@code response_url}, {@code null} posts nothing. Should not fail: failures are
     * answers too.
     */
    Uni<SlackMessage> handle(ButtonClick click);
}
