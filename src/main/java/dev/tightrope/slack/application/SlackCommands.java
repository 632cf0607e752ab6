package dev.tightrope.slack.application;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tightrope.release.domain.TrafficCommand;
import dev.tightrope.slack.domain.ChatOpsMessages;
import dev.tightrope.slack.domain.CommandParser;
import dev.tightrope.slack.domain.SlackCaller;
import dev.tightrope.slack.domain.SlackCommand;
import dev.tightrope.slack.domain.SlackMessage;
import dev.tightrope.slack.domain.SlackRequestIds;
import io.smallrye.mutiny.Uni;

/**
 * The {@code /tightrope} slash command. Help, status and mistakes are answered only to the person who typed them;
 * rollback, promote, pause and resume act at once, because typing the command is the decision (a confirmation
 * click would slow down a rollback in an incident and protect nothing: the buttons on messages, which are one
 * accidental click away, do ask for confirmation). The result is announced in the channel.
 *
 * <p>Acting commands are claimed by their {@code trigger_id} first (see {@link SlackReplays}): a retry or replay
 * gets {@link Reply#duplicate()} and changes nothing. Commands of different people are different requests; they act
 * at the generation they found, and a rollback repeating one just made does nothing (see
 * {@link ChatOps#command}).
 */
@ApplicationScoped
public class SlackCommands {

    /**
     * A slash command as Slack sends it (the form fields that matter).
     *
     * @param command     the command as typed, e.g. {@code /tightrope}, for help texts
     * @param text        everything after the command
     * @param triggerId   unique per invocation
     * @param responseUrl where later answers may be posted
     */
    public record CommandRequest(SlackCaller caller, String command, String text, String triggerId,
            String responseUrl) {
    }

    /**
     * The answer: a message, or nothing for a duplicate.
     *
     * @param duplicate the request was handled before; nothing was done and nothing is to be said
     */
    public record Reply(SlackMessage message, boolean duplicate) {
    }

    private final ChatOps chatOps;
    private final SlackReplays replays;
    private final SlackConfig config;

    SlackCommands(ChatOps chatOps, SlackReplays replays, SlackConfig config) {
        this.chatOps = chatOps;
        this.replays = replays;
        this.config = config;
    }

    public Uni<Reply> handle(CommandRequest request) {
        String name = request.command() == null || request.command().isBlank() ? "/tightrope" : request.command();
        SlackCommand command = CommandParser.parse(request.text(), config.defaultEnvironment());
        if (command instanceof SlackCommand.Help) {
            return reply(ChatOpsMessages.help(name, config.defaultEnvironment()));
        }
        if (command instanceof SlackCommand.Invalid invalid) {
            return reply(ChatOpsMessages.invalid(invalid, name, config.defaultEnvironment()));
        }
        if (command instanceof SlackCommand.Status status) {
            return chatOps.status(status.agent(), status.environment()).map(message -> new Reply(message, false));
        }
        String requestId = SlackRequestIds.command(request.caller().teamId(), request.triggerId());
        return replays.firstTime(requestId).chain(first -> first
                ? act(request.caller(), command, requestId, name).map(message -> new Reply(message, false))
                : Uni.createFrom().item(new Reply(null, true)));
    }

    private Uni<SlackMessage> act(SlackCaller caller, SlackCommand command, String requestId, String name) {
        if (command instanceof SlackCommand.Rollback rollback) {
            return chatOps.command(caller, "rollback", rollback.agent(), rollback.environment(),
                    new TrafficCommand.Rollback(rollback.toVersion(), null), requestId, rollback.reason(), name);
        }
        if (command instanceof SlackCommand.Promote promote) {
            return chatOps.command(caller, "promote", promote.agent(), promote.environment(),
                    new TrafficCommand.Promote(), requestId, promote.reason(), name);
        }
        if (command instanceof SlackCommand.Pause pause) {
            return chatOps.command(caller, "pauseRollout", pause.agent(), pause.environment(),
                    new TrafficCommand.PauseRollout(), requestId, pause.reason(), name);
        }
        SlackCommand.Resume resume = (SlackCommand.Resume) command;
        return chatOps.command(caller, "resumeRollout", resume.agent(), resume.environment(),
                new TrafficCommand.ResumeRollout(), requestId, resume.reason(), name);
    }

    private static Uni<Reply> reply(SlackMessage message) {
        return Uni.createFrom().item(new Reply(message, false));
    }
}
