package dev.tightrope.slack.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message for Slack: the answer to a slash command, a post to a {@code response_url}, or an incoming-webhook
 * notification. {@code text} is the fallback Slack shows in notifications and screen readers; {@code blocks} are
 * what people see. {@code text} is plain text: {@link #toJson()} escapes it, so words of users (a reason, a name)
 * cannot become mentions ({@code <!channel>}) or links with another label ({@code <https://…|dashboard>}).
 *
 * @param visibility      who sees it; {@link Visibility#WEBHOOK} for incoming webhooks, which take neither
 *                        {@code response_type} nor {@code replace_original}
 * @param replaceOriginal for {@code response_url} posts: replace the message the button was on instead of adding
 *                        one
 */
public record SlackMessage(Visibility visibility, String text, List<BlockKit.Block> blocks, boolean replaceOriginal) {

    /** Who sees a message. */
    public enum Visibility {
        /** Only the person who typed the command or clicked the button. */
        EPHEMERAL,
        /** Everyone in the channel. */
        IN_CHANNEL,
        /** Posted to an incoming webhook's channel. */
        WEBHOOK
    }

    public SlackMessage {
        blocks = List.copyOf(blocks);
    }

    public static SlackMessage ephemeral(String text, List<BlockKit.Block> blocks) {
        return new SlackMessage(Visibility.EPHEMERAL, text, blocks, false);
    }

    public static SlackMessage inChannel(String text, List<BlockKit.Block> blocks) {
        return new SlackMessage(Visibility.IN_CHANNEL, text, blocks, false);
    }

    public static SlackMessage webhook(String text, List<BlockKit.Block> blocks) {
        return new SlackMessage(Visibility.WEBHOOK, text, blocks, false);
    }

    /** The JSON object Slack expects, as maps and lists. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        switch (visibility) {
            case EPHEMERAL -> json.put("response_type", "ephemeral");
            case IN_CHANNEL -> json.put("response_type", "in_channel");
            case WEBHOOK -> {
            }
        }
        if (visibility != Visibility.WEBHOOK) {
            json.put("replace_original", replaceOriginal);
        }
        // text is plain: Slack reads it as mrkdwn, where <!channel> pings and <url|label> disguises a link
        json.put("text", BlockKit.escape(BlockKit.cut(text, 3000)));
        json.put("blocks", BlockKit.toJson(blocks.size() > 50 ? blocks.subList(0, 50) : blocks));
        return json;
    }
}
