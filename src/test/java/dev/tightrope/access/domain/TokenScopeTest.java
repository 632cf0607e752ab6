package dev.tightrope.access.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tightrope.platform.error.Violation;

class TokenScopeTest {

    /** agents and environments as ';'-separated lists, '-' for none (every). */
    @ParameterizedTest(name = "[{0}] [{1}] covers {2}/{3}: {4}")
    @CsvSource({
            "-,                        -,                    support-bot, production, true",
            "support-bot,              production,           support-bot, production, true",
            "support-bot,              production,           support-bot, staging,    false",
            "support-bot,              production,           billing-bot, production, false",
            "support-*,                -,                    support-bot, staging,    true",
            "support-*,                -,                    support-eu,  production, true",
            "support-*,                -,                    supportive,  production, false",
            "support-*;billing-bot,    prod*,                billing-bot, production, true",
            "support-*;billing-bot,    prod*,                billing-bot, staging,    false",
            "*,                        staging,              anything,    staging,    true",
            "support-bot,              -,                    NULL,        production, false",
            "-,                        production,           support-bot, NULL,       false",
            "-,                        -,                    NULL,        NULL,       true"})
    void coversWhatItsPatternsMatch(String agents, String environments, String agent, String environment,
            boolean expected) {
        TokenScope scope = new TokenScope(list(agents), list(environments));
        assertThat(scope.covers(value(agent), value(environment))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{0}] within [{1}]: {2}")
    @CsvSource({
            "support-bot,             -,                  true",
            "-,                       support-bot,        false",
            "support-bot,             support-bot,        true",
            "support-bot,             support-*,          true",
            "support-eu-*,            support-*,          true",
            "support-*,               support-eu-*,       false",
            "support-*,               support-bot,        false",
            "support-bot;billing-bot, support-*,          false",
            "support-bot;billing-bot, support-*;billing-*, true"})
    void aTokenCanOnlyHandOnItsOwnScope(String inner, String outer, boolean expected) {
        assertThat(new TokenScope(list(inner), List.of()).within(new TokenScope(list(outer), List.of())))
                .isEqualTo(expected);
        assertThat(new TokenScope(List.of(), list(inner)).within(new TokenScope(List.of(), list(outer))))
                .isEqualTo(expected);
    }

    @Test
    void entriesAreSlugsOrPrefixesAndAStarAloneMeansEvery() {
        List<Violation> violations = new ArrayList<>();
        TokenScope scope = TokenScope.of(List.of("support-*", "billing-bot", "support-*"), List.of("*"), violations);
        assertThat(violations).isEmpty();
        assertThat(scope.agents()).containsExactly("billing-bot", "support-*");
        assertThat(scope.allEnvironments()).isTrue();
        assertThat(scope.isFull()).isFalse();
        TokenScope.of(List.of("Support", "a*b", "-x", ""), List.of("prod,uction"), violations);
        assertThat(violations).extracting(Violation::path)
                .containsExactly("agents[0]", "agents[1]", "agents[2]", "agents[3]", "environments[0]");
        assertThat(TokenScope.of(null, null, violations)).isEqualTo(TokenScope.FULL);
    }

    @Test
    void theStoredFormKeepsTheScopeAndNullMeansEvery() {
        TokenScope scope = new TokenScope(List.of("support-*", "billing-bot"), List.of("production"));
        assertThat(scope.storedAgents()).isEqualTo("billing-bot,support-*");
        assertThat(TokenScope.stored(scope.storedAgents(), scope.storedEnvironments())).isEqualTo(scope);
        assertThat(TokenScope.stored(null, null)).isEqualTo(TokenScope.FULL);
        assertThat(TokenScope.FULL.storedAgents()).isNull();
        assertThat(scope.describe()).isEqualTo("agents billing-bot, support-* and environments production");
        assertThat(TokenScope.FULL.describe()).isEqualTo("every agent and environment");
    }

    private static List<String> list(String text) {
        return text.equals("-") ? List.of() : Arrays.asList(text.split(";"));
    }

    private static String value(String text) {
        return text.equals("NULL") ? null : text;
    }
}
