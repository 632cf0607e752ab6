package dev.tightrope.access.domain;

import static dev.tightrope.access.domain.Bootstrap.Action.ENSURE_CONFIGURED;
import static dev.tightrope.access.domain.Bootstrap.Action.GENERATE_AND_PRINT;
import static dev.tightrope.access.domain.Bootstrap.Action.NOTHING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tightrope.access.domain.Bootstrap.Action;
import dev.tightrope.access.domain.Bootstrap.Mode;
import dev.tightrope.platform.error.ErrorCode;
import dev.tightrope.platform.error.TightropeException;

class TokenRulesAndBootstrapTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @Test
    void validTokensPass() {
        assertThatCode(() -> TokenRules.checkNewToken("ci-deployer", Role.OPERATOR, null, NOW)).doesNotThrowAnyException();
        assertThatCode(() -> TokenRules.checkNewToken("alice@example.com", Role.VIEWER, NOW.plusSeconds(1), NOW))
                .doesNotThrowAnyException();
        assertThatCode(() -> TokenRules.checkNewToken("runtime.eu_1", Role.RUNTIME, null, NOW)).doesNotThrowAnyException();
    }

    @Test
    void everyBrokenRuleIsReported() {
        assertThatThrownBy(() -> TokenRules.checkNewToken("-bad name", null, NOW, NOW))
                .isInstanceOfSatisfying(TightropeException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
                    assertThat(e.getMessage()).contains("name:", "role: is required", "expiresAt: must be in the future");
                });
        assertThatThrownBy(() -> TokenRules.checkNewToken("x".repeat(65), Role.ADMIN, null, NOW))
                .hasMessageContaining("longer than 64");
        assertThatThrownBy(() -> TokenRules.checkNewToken("", Role.ADMIN, null, NOW)).hasMessageContaining("required");
    }

    @ParameterizedTest(name = "{0}, configured={1}, tokens={2} → {3}")
    @CsvSource({
            "PRODUCTION,  true,  0, ENSURE_CONFIGURED",
            "DEVELOPMENT, true,  5, ENSURE_CONFIGURED",
            "DEVELOPMENT, false, 0, GENERATE_AND_PRINT",
            "DEVELOPMENT, false, 3, NOTHING",
            "TEST,        false, 0, NOTHING",
            "PRODUCTION,  false, 0, NOTHING"})
    void bootstrapPlans(Mode mode, boolean configured, long tokens, Action expected) {
        assertThat(Bootstrap.plan(mode, configured, tokens)).isEqualTo(expected);
    }

    @Test
    void onlyProductionRefusesToStartWithoutAnAdmin() {
        assertThat(Bootstrap.mayStart(Mode.PRODUCTION, 0)).isFalse();
        assertThat(Bootstrap.mayStart(Mode.PRODUCTION, 1)).isTrue();
        assertThat(Bootstrap.mayStart(Mode.DEVELOPMENT, 0)).isTrue();
        assertThat(Bootstrap.mayStart(Mode.TEST, 0)).isTrue();
        assertThat(ENSURE_CONFIGURED).isNotEqualTo(GENERATE_AND_PRINT).isNotEqualTo(NOTHING);
    }

    @Test
    void tokenStatusAndActor() {
        ApiToken token = new ApiToken(7, "ci", Role.OPERATOR, "tr_abcdefgh", NOW, "bootstrap", NOW.plusSeconds(60),
                null, null, null, null);
        assertThat(token.status(NOW)).isEqualTo(TokenStatus.ACTIVE);
        assertThat(token.status(NOW.plusSeconds(60))).isEqualTo(TokenStatus.EXPIRED);
        ApiToken revoked = new ApiToken(7, "ci", Role.OPERATOR, "tr_abcdefgh", NOW, "bootstrap", NOW.plusSeconds(60),
                NOW.plusSeconds(1), "token:admin", null, TokenScope.FULL);
        assertThat(revoked.status(NOW.plusSeconds(120))).isEqualTo(TokenStatus.REVOKED);
        assertThat(token.actor()).isEqualTo("token:ci");
        assertThat(token.caller()).isEqualTo(new Caller(7, "ci", Role.OPERATOR));
    }
}
