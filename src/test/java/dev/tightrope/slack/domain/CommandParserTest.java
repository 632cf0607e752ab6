package dev.tightrope.slack.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandParserTest {

    private static SlackCommand parse(String text) {
        return CommandParser.parse(text, "production");
    }

    @Test
    void helpForNothingOrHelp() {
        assertThat(parse("")).isInstanceOf(SlackCommand.Help.class);
        assertThat(parse("   ")).isInstanceOf(SlackCommand.Help.class);
        assertThat(parse("HELP")).isInstanceOf(SlackCommand.Help.class);
    }

    @Test
    void status() {
        assertThat(parse("status support-bot")).isEqualTo(new SlackCommand.Status("support-bot", "production"));
        assertThat(parse("Status Support-Bot Staging"))
                .isEqualTo(new SlackCommand.Status("support-bot", "staging"));
        assertThat(parse("status support-bot staging now")).isInstanceOf(SlackCommand.Invalid.class);
        assertThat(parse("status")).isEqualTo(new SlackCommand.Invalid("status",
                "Which agent? Usage: status <agent> [env]"));
    }

    @Test
    void rollbackInAllItsForms() {
        assertThat(parse("rollback support-bot"))
                .isEqualTo(new SlackCommand.Rollback("support-bot", "production", null, ""));
        assertThat(parse("rollback support-bot to 3"))
                .isEqualTo(new SlackCommand.Rollback("support-bot", "production", 3, ""));
        assertThat(parse("rollback support-bot staging to v3 bad   tone"))
                .isEqualTo(new SlackCommand.Rollback("support-bot", "staging", 3, "bad   tone"));
        assertThat(parse("rollback support-bot production wrong refund amounts"))
                .isEqualTo(new SlackCommand.Rollback("support-bot", "production", null, "wrong refund amounts"));
        assertThat(parse("rollback support-bot to 2 refunds &gt; $50 &amp; &lt;urgent&gt;"))
                .isEqualTo(new SlackCommand.Rollback("support-bot", "production", 2, "refunds > $50 & <urgent>"));
    }

    @Test
    void aNoBreakSpaceOrAnyUnicodeSpaceSeparatesWordsLikeASpace() {
        // a phone keyboard or a paste from a document types U+00A0; it was "Unknown command 'rollback\u00A0support-bot'"
        assertThat(parse("rollback\u00A0support-bot\u2007to\u202F3\u3000bad\u00A0tone\u00A0\u2003"))
                .isEqualTo(new SlackCommand.Rollback("support-bot", "production", 3, "bad\u00A0tone"));
        assertThat(parse("\u00A0status\u00A0support-bot\u00A0"))
                .isEqualTo(new SlackCommand.Status("support-bot", "production"));
    }

    @Test
    void theWordAfterTheAgentIsTheEnvironmentSoAReasonNeverSwitchesEnvironment() {
        // "staging" is read as the environment even if nothing is deployed there: no silent fallback to production
        assertThat(parse("rollback support-bot staging broken"))
                .isEqualTo(new SlackCommand.Rollback("support-bot", "staging", null, "broken"));
    }

    @Test
    void rollbackMistakes() {
        assertThat(((SlackCommand.Invalid) parse("rollback support-bot to"))).extracting(SlackCommand.Invalid::problem)
                .asString().contains("followed by a version number");
        assertThat(((SlackCommand.Invalid) parse("rollback support-bot to three"))).extracting(SlackCommand.Invalid::problem)
                .asString().contains("'three' is not a version number");
        assertThat(((SlackCommand.Invalid) parse("rollback support-bot to 0"))).extracting(SlackCommand.Invalid::problem)
                .asString().contains("not a version number");
        assertThat(((SlackCommand.Invalid) parse("rollback support_bot"))).extracting(SlackCommand.Invalid::problem)
                .asString().contains("not an agent slug");
        assertThat(((SlackCommand.Invalid) parse("rollback support-bot prod!"))).extracting(SlackCommand.Invalid::problem)
                .asString().contains("not an environment name");
    }

    @Test
    void promotePauseResumeTakeAnOptionalEnvironmentAndReason() {
        assertThat(parse("promote support-bot")).isEqualTo(new SlackCommand.Promote("support-bot", "production", ""));
        assertThat(parse("promote support-bot staging looks good"))
                .isEqualTo(new SlackCommand.Promote("support-bot", "staging", "looks good"));
        assertThat(parse("pause support-bot production latency up"))
                .isEqualTo(new SlackCommand.Pause("support-bot", "production", "latency up"));
        assertThat(parse("resume support-bot")).isEqualTo(new SlackCommand.Resume("support-bot", "production", ""));
        assertThat(parse("pause")).isInstanceOf(SlackCommand.Invalid.class);
    }

    @Test
    void unknownVerb() {
        assertThat(parse("deploy support-bot 3")).isEqualTo(new SlackCommand.Invalid(null, "Unknown command 'deploy'."));
    }

    @Test
    void onlyTrafficCommandsChangeTraffic() {
        assertThat(parse("rollback a1").changesTraffic()).isTrue();
        assertThat(parse("promote a1").changesTraffic()).isTrue();
        assertThat(parse("pause a1").changesTraffic()).isTrue();
        assertThat(parse("resume a1").changesTraffic()).isTrue();
        assertThat(parse("status a1").changesTraffic()).isFalse();
        assertThat(parse("help").changesTraffic()).isFalse();
    }
}
