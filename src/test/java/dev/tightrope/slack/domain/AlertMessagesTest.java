package dev.tightrope.slack.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Alert buttons' values, when "Roll back now" is offered, and how actions read: tables. */
class AlertMessagesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "alert-42                             | alert-42",
        "alert-42:support-bot:production:7    | alert-42:support-bot:production:7",
        "42                                   | null",
        "alert-                               | null",
        "alert-42:                            | null",
        "alert-42:support-bot:production      | null",
        "alert-42:Support:production:7        | null",
        "alert-x:support-bot:production:7     | null",
        "alert-1234567890123456789            | null",
        "support-bot:production:7             | null",
    })
    void buttonValuesAreReadStrictly(String value, String reencoded) {
        AlertButtonValue parsed = AlertButtonValue.parse(value);
        assertThat(parsed == null ? null : parsed.encode()).isEqualTo(reencoded);
    }

    /**
     * @param canary    canary version serving, or null
     * @param stable    stable version
     * @param fromOther the stable version came from another one by a deploy or promotion (rollbackable)
     */
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        // action, outcome, watched, canary, stable, fromOther, offered
        "ALERT,    DONE,     2, null, 2, true,  true",   // alert-only rule on v2 deployed over v1
        "ALERT,    DONE,     2, null, 1, false, false",  // someone rolled back meanwhile: v2 no longer serves
        "ALERT,    DONE,     2, null, 2, false, false",  // first deploy: nothing to roll back to
        "ALERT,    DONE,     3, 3,    2, false, true",   // the canary it watched still runs
        "ALERT,    DONE,     2, 3,    2, false, false",  // it watched the stable arm; the button would stop v3
        "ROLLBACK, DONE,     2, null, 2, true,  false",  // the rule rolled back itself
        "FALLBACK, DONE,     2, null, 2, true,  false",
        "FALLBACK, 'DONE (rollback instead: FROZEN)', 2, null, 2, true, false", // it rolled back instead
        "ROLLBACK, CONFLICT, 2, null, 2, true,  true",   // its rollback was refused: offer it by hand
        "PAUSE,    DONE,     3, 3,    2, false, true",   // paused, still serving: roll back stays possible
    })
    void rollBackNowIsOfferedOnlyWhereItHelps(String action, String outcome, int watched, Integer canary,
            int stable, boolean fromOther, boolean offered) {
        AlertFacts alert = alert(action, outcome, watched);
        DeploymentButtons.Situation now = new DeploymentButtons.Situation("support-bot", "production", 7,
                canary != null, stable, canary, fromOther && canary == null);
        assertThat(AlertNotifications.rollbackOffer(alert, now)).isEqualTo(offered);
        assertThat(AlertNotifications.rollbackOffer(alert, null)).as("deployment unknown").isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "ALERT        | DONE                 | alert only (the rule takes no action)",
        "ROLLBACK     | DONE                 | ⏪ rolled back",
        "PAUSE        | DONE                 | ⏸️ rollout paused",
        "PAUSE        | SKIPPED              | not acted: nothing to pause the rollout",
        "ROLLBACK     | SKIPPED (cooldown)   | not acted: cooldown (the rule acted on this deployment recently)",
        "ROLLBACK     | CONFLICT             | ❌ could not roll back (CONFLICT)",
        "FALLBACK     | null                 | ⏳ fall back: pending",
        "DISABLE_TOOL | SKIPPED              | not acted: nothing to disable the tool",
        "DISABLE_TOOL | BREAKER HALF_OPEN    | 🔌 circuit breaker half-open",
        "DISABLE_TOOL | BREAKER OPEN AGAIN   | 🔌 circuit breaker open again",
        "FALLBACK     | DONE (rollback instead: APPROVAL_REQUIRED) | ⏪ rolled back instead: the fallback version never "
                + "ran here, and a release of it is held (APPROVAL_REQUIRED)",
    })
    void actionsSayWhatTheyDid(String action, String outcome, String text) {
        assertThat(AlertDescriptions.action(action, outcome)).isEqualTo(text);
    }

    private static AlertFacts alert(String action, String outcome, int version) {
        return new AlertFacts(42, "support-bot", "production", "IF error_rate > 15% THEN " + action.toLowerCase(),
                "CRITICAL", version, "30.0%", "> 15%", null, 120, action, outcome, Instant.parse(
                        "2025-01-01T10:00:00Z"), null, null, null);
    }
}
