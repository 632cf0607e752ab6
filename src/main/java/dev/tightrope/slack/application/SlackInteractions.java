package dev.tightrope.slack.application;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import dev.tightrope.slack.domain.ButtonClick;
import dev.tightrope.slack.domain.ChatOpsMessages;
import dev.tightrope.slack.domain.SlackMessage;
import io.smallrye.mutiny.Uni;

/**
 * Button clicks ({@code block_actions}). Slack wants an acknowledgement within 3 s and ignores what it says, so a
 * click is only claimed (never act twice, see {@link SlackReplays}) before the acknowledgement; the work happens
 * after it, and its answer is posted to the click's {@code response_url}: a change in the channel, a refusal or a
 * conflict only to the person who clicked.
 */
@ApplicationScoped
public class SlackInteractions {

    private static final Logger LOG = Logger.getLogger(SlackInteractions.class);

    /** Whether a click will be acted on. */
    public enum Acceptance {
        /** Claimed; its handler runs and answers on the response_url. */
        ACCEPTED,
        /** Seen before (retry, replay, double delivery): nothing is done. */
        DUPLICATE
    }

    private final Map<String, SlackActionHandler> handlers;
    private final SlackReplays replays;
    private final SlackResponses responses;

    SlackInteractions(Instance<SlackActionHandler> handlers, SlackReplays replays, SlackResponses responses) {
        this.handlers = handlers.stream().collect(Collectors.toMap(SlackActionHandler::actionId,
                Function.identity()));
        this.replays = replays;
        this.responses = responses;
    }

    /**
     * Claims the click; when it is new, starts its handler in the background. The returned {@link Uni} completes
     * as soon as the claim is decided, so Slack hears back in milliseconds whatever the handler does.
     */
    public Uni<Acceptance> accept(ButtonClick click) {
        return replays.firstTime(click.requestId()).map(first -> {
            if (!first) {
                return Acceptance.DUPLICATE;
            }
            run(click).subscribe().with(
                    message -> responses.post(click.responseUrl(), message),
                    failure -> LOG.warnf(failure, "Slack action %s failed", click.actionId()));
            return Acceptance.ACCEPTED;
        });
    }

    /** The click's handler, or an explanation when no handler knows the button. */
    Uni<SlackMessage> run(ButtonClick click) {
        SlackActionHandler handler = handlers.get(click.actionId());
        if (handler == null) {
            return Uni.createFrom().item(ChatOpsMessages.note("This button (" + click.actionId()
                    + ") is not supported by this Tightrope; nothing was done."));
        }
        return handler.handle(click);
    }
}
