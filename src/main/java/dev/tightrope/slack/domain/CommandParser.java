package dev.tightrope.slack.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text of a {@code /tightrope} slash command (what follows the command name).
 *
 * <pre>
 *   status   &lt;agent&gt; [env]
 *   rollback &lt;agent&gt; [env] [to &lt;n&gt;] [reason…]
 *   promote  &lt;agent&gt; [env] [reason…]
 *   pause    &lt;agent&gt; [env] [reason…]
 *   resume   &lt;agent&gt; [env] [reason…]
 *   help
 * </pre>
 *
 * <p>Words are separated by white space (any Unicode white space, the no-break space included); the verb, agent and environment are case-insensitive (slugs are lower
 * case). The word after the agent is <em>always</em> the environment, unless it is {@code to}: a reason therefore
 * needs the environment named first ({@code rollback support-bot production wrong refund amounts}). This is on
 * purpose: reading {@code rollback support-bot staging broken} as "production, reason: staging broken" because
 * staging has no deployment would act on the wrong environment; read positionally it fails with "nothing deployed
 * in staging" instead. Examples, with the default environment {@code production}:
 *
 * <pre>
 *   rollback support-bot                         → Rollback(support-bot, production, null, "")
 *   rollback support-bot to 3                    → Rollback(support-bot, production, 3, "")
 *   rollback support-bot staging to v3 bad tone  → Rollback(support-bot, staging, 3, "bad tone")
 *   rollback support-bot production wrong refunds→ Rollback(support-bot, production, null, "wrong refunds")
 *   status Support-Bot                           → Status(support-bot, production)
 * </pre>
 *
 * Slack escapes {@code &}, {@code <} and {@code >} in command text; reasons are unescaped back to what was typed.
 */
public final class CommandParser {

    private static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{1,62}$");
    private static final Pattern VERSION = Pattern.compile("^v?([0-9]{1,9})$", Pattern.CASE_INSENSITIVE);
    /** Words are separated by any Unicode white space: Slack keeps the no-break space a phone or a paste may type. */
    private static final Pattern WORD = Pattern.compile("\\S+", Pattern.UNICODE_CHARACTER_CLASS);

    private CommandParser() {
    }

    /** Usage lines, one per verb, for help and error messages. */
    public static final List<String> USAGE = List.of(
            "status <agent> [env]",
            "rollback <agent> [env] [to <n>] [reason…]",
            "promote <agent> [env] [reason…]",
            "pause <agent> [env] [reason…]",
            "resume <agent> [env] [reason…]",
            "help");

    public static SlackCommand parse(String text, String defaultEnvironment) {
        List<Word> words = words(text == null ? "" : text);
        if (words.isEmpty()) {
            return new SlackCommand.Help();
        }
        String verb = words.get(0).text().toLowerCase(Locale.ROOT);
        String raw = text;
        return switch (verb) {
            case "help" -> new SlackCommand.Help();
            case "status" -> status(words, defaultEnvironment);
            case "rollback" -> rollback(raw, words, defaultEnvironment);
            case "promote", "pause", "resume" -> simple(verb, raw, words, defaultEnvironment);
            default -> new SlackCommand.Invalid(null, "Unknown command '" + words.get(0).text() + "'.");
        };
    }

    private static SlackCommand status(List<Word> words, String defaultEnvironment) {
        Target target = target("status", words);
        if (target.problem() != null) {
            return new SlackCommand.Invalid("status", target.problem());
        }
        if (words.size() > 3) {
            return new SlackCommand.Invalid("status", "status takes an agent and an optional environment only.");
        }
        return new SlackCommand.Status(target.agent(), target.environment(defaultEnvironment));
    }

    private static SlackCommand rollback(String raw, List<Word> words, String defaultEnvironment) {
        Target target = target("rollback", words);
        if (target.problem() != null) {
            return new SlackCommand.Invalid("rollback", target.problem());
        }
        int next = target.environment() == null ? 2 : 3;
        Integer toVersion = null;
        if (next < words.size() && words.get(next).text().equalsIgnoreCase("to")) {
            if (next + 1 >= words.size()) {
                return new SlackCommand.Invalid("rollback", "'to' must be followed by a version number, e.g. to 3.");
            }
            Matcher version = VERSION.matcher(words.get(next + 1).text());
            if (!version.matches() || Integer.parseInt(version.group(1)) < 1) {
                return new SlackCommand.Invalid("rollback", "'" + words.get(next + 1).text()
                        + "' is not a version number; write e.g. to 3.");
            }
            toVersion = Integer.parseInt(version.group(1));
            next += 2;
        }
        return new SlackCommand.Rollback(target.agent(), target.environment(defaultEnvironment), toVersion,
                rest(raw, words, next));
    }

    private static SlackCommand simple(String verb, String raw, List<Word> words, String defaultEnvironment) {
        Target target = target(verb, words);
        if (target.problem() != null) {
            return new SlackCommand.Invalid(verb, target.problem());
        }
        String env = target.environment(defaultEnvironment);
        String reason = rest(raw, words, target.environment() == null ? 2 : 3);
        return switch (verb) {
            case "promote" -> new SlackCommand.Promote(target.agent(), env, reason);
            case "pause" -> new SlackCommand.Pause(target.agent(), env, reason);
            default -> new SlackCommand.Resume(target.agent(), env, reason);
        };
    }

    /** The agent (word 1) and the optional environment (word 2 unless it is "to"). */
    private static Target target(String verb, List<Word> words) {
        if (words.size() < 2) {
            return Target.invalid("Which agent? Usage: " + usageOf(verb));
        }
        String agent = words.get(1).text().toLowerCase(Locale.ROOT);
        if (!SLUG.matcher(agent).matches()) {
            return Target.invalid("'" + words.get(1).text() + "' is not an agent slug (lower-case letters, digits "
                    + "and dashes). Usage: " + usageOf(verb));
        }
        if (words.size() < 3 || words.get(2).text().equalsIgnoreCase("to")) {
            return new Target(agent, null, null);
        }
        String environment = words.get(2).text().toLowerCase(Locale.ROOT);
        if (!SLUG.matcher(environment).matches()) {
            return Target.invalid("'" + words.get(2).text() + "' is not an environment name (lower-case letters, "
                    + "digits and dashes). Usage: " + usageOf(verb));
        }
        return new Target(agent, environment, null);
    }

    private static String usageOf(String verb) {
        return USAGE.stream().filter(line -> line.startsWith(verb + " ")).findFirst().orElse(verb);
    }

    /** The text from word {@code from} to the end, spacing kept, Slack's escapes undone. */
    private static String rest(String raw, List<Word> words, int from) {
        if (from >= words.size()) {
            return "";
        }
        int end = raw.length();
        while (end > 0 && isSpace(raw.charAt(end - 1))) {
            end--;
        }
        return unescape(raw.substring(words.get(from).start(), end));
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static List<Word> words(String text) {
        List<Word> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(text);
        while (matcher.find()) {
            words.add(new Word(matcher.group(), matcher.start()));
        }
        return words;
    }

    private record Word(String text, int start) {
    }

    private record Target(String agent, String environment, String problem) {

        static Target invalid(String problem) {
            return new Target(null, null, problem);
        }

        String environment(String defaultEnvironment) {
            return environment == null ? defaultEnvironment : environment;
        }
    }
}
