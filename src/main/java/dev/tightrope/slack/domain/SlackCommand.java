package dev.tightrope.slack.domain;

/**
 * What a {@code /tightrope …} slash command asks for, as {@link CommandParser} reads its text. Commands that change
 * traffic say so with {@link #changesTraffic()}; they need the OPERATOR role.
 */
public sealed interface SlackCommand {

    /** {@code help}, or an empty text. */
    record Help() implements SlackCommand {
    }

    /** {@code status <agent> [env]}. */
    record Status(String agent, String environment) implements SlackCommand {
    }

    /** {@code rollback <agent> [env] [to <n>] [reason…]}; {@code toVersion} is {@code null} for "the previous". */
    record Rollback(String agent, String environment, Integer toVersion, String reason) implements SlackCommand {
    }

    /** {@code promote <agent> [env] [reason…]}. */
    record Promote(String agent, String environment, String reason) implements SlackCommand {
    }

    /** {@code pause <agent> [env] [reason…]}. */
    record Pause(String agent, String environment, String reason) implements SlackCommand {
    }

    /** {@code resume <agent> [env] [reason…]}. */
    record Resume(String agent, String environment, String reason) implements SlackCommand {
    }

    /**
     * Text that is not a valid command.
     *
     * @param verb    the first word as typed, or {@code null} when it is not a known verb
     * @param problem what is wrong, for a person
     */
    record Invalid(String verb, String problem) implements SlackCommand {
    }

    default boolean changesTraffic() {
        return this instanceof Rollback || this instanceof Promote || this instanceof Pause || this instanceof Resume;
    }
}
