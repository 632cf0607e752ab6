package dev.tightrope.rules.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RuleParserTest {

    @Test
    void theSeedsRulesReadAsTheySay() {
        Rule alert = RuleParser.parse("IF error_rate > 5% FOR 5m THEN alert");
        assertThat(alert.metric()).isEqualTo(RuleMetric.ERROR_RATE);
        assertThat(alert.condition()).isEqualTo(new Condition.Threshold(Operator.GT, 0.05));
        assertThat(alert.forDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(alert.action()).isEqualTo(RuleAction.ALERT);
        assertThat(alert.severity()).isEqualTo(Severity.WARNING);
        assertThat(alert.minSamples()).isEqualTo(20);
        assertThat(alert.cooldown()).isEqualTo(Duration.ofMinutes(15));

        Rule rollback = RuleParser.parse("IF error_rate > 15% FOR 2m THEN rollback");
        assertThat(rollback.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(rollback.forDuration()).isEqualTo(Duration.ofMinutes(2));

        assertThat(RuleParser.parse("IF task_completion_rate DROPS > 20% THEN rollback").condition())
                .isEqualTo(new Condition.Change(true, Operator.GT, 0.20));
        assertThat(RuleParser.parse("IF cost_per_request > 3x BASELINE THEN rollback").condition())
                .isEqualTo(new Condition.BaselineMultiple(Operator.GT, 3));
        Rule latency = RuleParser.parse("IF p95_latency > 4s FOR 5m THEN pause");
        assertThat(latency.condition()).isEqualTo(new Condition.Threshold(Operator.GT, 4_000));
        Rule tool = RuleParser.parse("IF tool_error_rate(search) > 50% FOR 1m THEN disable_tool");
        assertThat(tool.tool()).isEqualTo("search");
        assertThat(tool.action()).isEqualTo(RuleAction.DISABLE_TOOL);
        Rule fallback = RuleParser.parse("IF error_rate > 30% FOR 1m THEN fallback TO VERSION 12");
        assertThat(fallback.action()).isEqualTo(RuleAction.FALLBACK);
        assertThat(fallback.fallbackVersion()).isEqualTo(12);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "IF error_rate > 5% FOR 5m THEN alert",
        "IF error_rate > 15% FOR 2m THEN rollback",
        "IF task_completion_rate DROPS > 20% THEN rollback",
        "IF cost_per_request > 3x BASELINE THEN rollback",
        "IF p95_latency > 4s FOR 5m THEN pause",
        "IF tool_error_rate(search) > 50% FOR 1m THEN disable_tool",
        "IF error_rate > 30% FOR 1m THEN fallback TO VERSION 12",
        "IF p99_latency >= 850ms THEN alert SEVERITY info MIN_SAMPLES 100 COOLDOWN 1h",
        "IF eval_score < 0.7 FOR 10m THEN alert",
        "IF request_rate < 0.5 FOR 90s THEN alert SEVERITY critical",
        "IF tokens_per_request RISES >= 50% THEN pause",
        "IF p50_latency <= 2.5s THEN alert",
        "IF tool_error_rate(web.search-v2) > 12.5% THEN alert"
    })
    void canonicalTextReadsBackToTheSameRule(String source) {
        Rule rule = RuleParser.parse(source);
        assertThat(rule.toSource()).isEqualTo(source);
        assertThat(RuleParser.parse(rule.toSource())).isEqualTo(rule);
    }

    /** Written in another unit than the base one, the canonical text keeps a unit that reads back exactly. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "IF request_rate < 1/h THEN alert            | IF request_rate < 1/h THEN alert",
        "IF request_rate < 300/m THEN alert          | IF request_rate < 5 THEN alert",
        "IF request_rate < 7/m THEN alert            | IF request_rate < 7/m THEN alert",
        "IF request_rate < 0.0002777777777777778 THEN alert | IF request_rate < 1/h THEN alert",
        "IF p95_latency > 4500ms THEN alert          | IF p95_latency > 4.5s THEN alert",
        "IF error_rate > 0.000000000000001% THEN alert | IF error_rate > 0.000000000000001% THEN alert",
        "IF error_rate > 1.15% THEN alert            | IF error_rate > 1.15% THEN alert",
        // 17 digits are more than a double keeps: the canonical text is the shortest that reads back to it
        "IF task_completion_rate DROPS > 33.333333333333333% THEN alert "
                + "| IF task_completion_rate DROPS > 33.333333333333336% THEN alert",
    })
    void thresholdsInOtherUnitsReadBackExactly(String source, String canonical) {
        Rule rule = RuleParser.parse(source);
        assertThat(rule.toSource()).isEqualTo(canonical);
        assertThat(RuleParser.parse(rule.toSource())).isEqualTo(rule);
    }

    /**
     * Every threshold the parser takes, in every unit it takes, has a canonical text that reads back to the same
     * rule: 20 000 seeded random numbers of 1 to 18 significant digits (a stored rule is read back from its canonical
     * text, so one that did not would break the agent's rules).
     */
    @Test
    void everyThresholdReadsBackFromItsCanonicalText() {
        java.util.Random random = new java.util.Random(20261203);
        String[][] forms = {
            {"error_rate > ", "%"}, {"p95_latency > ", "ms"}, {"p95_latency > ", "s"}, {"request_rate < ", ""},
            {"request_rate < ", "/m"}, {"request_rate < ", "/h"}, {"cost_per_request > ", ""},
            {"tokens_per_request > ", ""}, {"eval_score < ", ""}, {"task_completion_rate DROPS > ", "%"},
            {"cost_per_request > ", "x BASELINE"},
        };
        int checked = 0;
        for (int i = 0; i < 20_000; i++) {
            String[] form = forms[i % forms.length];
            int digits = 1 + random.nextInt(18);
            StringBuilder number = new StringBuilder();
            for (int d = 0; d < digits; d++) {
                number.append((char) ('0' + (d == 0 ? 1 + random.nextInt(9) : random.nextInt(10))));
            }
            int point = random.nextInt(digits + 8) - 6; // also 0.000…, leading zeros included
            String written = point <= 0 ? "0." + "0".repeat(-point) + number
                    : point >= digits ? number.toString() : number.substring(0, point) + "." + number.substring(point);
            String source = "IF " + form[0] + written + form[1] + " THEN alert";
            Rule rule;
            try {
                rule = RuleParser.parse(source);
            } catch (RuleSyntaxException outOfRange) {
                continue; // a value the metric does not take (over 100%, over an hour, …)
            }
            assertThat(RuleParser.parse(rule.toSource())).as(source + " → " + rule.toSource()).isEqualTo(rule);
            checked++;
        }
        assertThat(checked).as("most of them are in range").isGreaterThan(8_000);
    }

    @Test
    void keywordsAndMetricsInAnyCaseAndLinesAnywhere() {
        Rule rule = RuleParser.parse("if Error_Rate > 15%\n  for 2M\n  then ROLLBACK severity Warning");
        assertThat(rule.toSource()).isEqualTo("IF error_rate > 15% FOR 2m THEN rollback SEVERITY warning");
        assertThat(RuleParser.parse("IF cost_per_request > $0.05 THEN alert").condition())
                .isEqualTo(new Condition.Threshold(Operator.GT, 0.05));
        assertThat(RuleParser.parse("IF request_rate < 300/m THEN alert").condition())
                .isEqualTo(new Condition.Threshold(Operator.LT, 5));
        assertThat(RuleParser.parse("IF cost_per_request > 3 x BASELINE THEN alert").condition())
                .isEqualTo(new Condition.BaselineMultiple(Operator.GT, 3));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        ""                                                  | 1 | 1  | the end of the rule | IF
        WHEN error_rate > 5% THEN alert                     | 1 | 1  | 'WHEN'              | IF
        IF errors > 5% THEN alert                           | 1 | 4  | 'errors'            | a metric (error_rate, task_completion_rate, p50_latency, p95_latency, p99_latency, cost_per_request, tokens_per_request, tool_error_rate(tool), eval_score, request_rate)
        IF error_rate is 5% THEN alert                      | 1 | 15 | 'is'                | a comparison (>, >=, <, <=), DROPS or RISES
        IF error_rate > 150% THEN rollback                  | 1 | 17 | '150%'              | a rate from 0% to 100%
        IF error_rate > 0.15 THEN rollback                  | 1 | 17 | '0.15'              | a percentage such as 15%
        IF error_rate > -5% THEN rollback                   | 1 | 17 | '-'                 | a number
        IF cost_per_request > 0.1234567890123456789 THEN alert | 1 | 23 | '0.1234567890123456789' | a number of at most 18 significant digits
        IF error_rate > 5% FOR 0m THEN alert                | 1 | 24 | '0m'                | a duration of more than 0 after FOR
        IF error_rate > 5% FOR 5 THEN alert                 | 1 | 24 | '5'                 | a duration with its unit (s, m or h) after FOR, such as 5m
        IF error_rate > 5% FOR 2d THEN alert                | 1 | 24 | '2d'                | a duration with its unit (s, m or h) after FOR, such as 5m
        IF error_rate > 5% FOR 25h THEN alert               | 1 | 24 | '25h'               | a duration of at most 24h after FOR
        IF error_rate > 5% FOR 5m alert                     | 1 | 27 | 'alert'             | THEN
        IF error_rate > 5% FOR 5m THEN explode              | 1 | 32 | 'explode'           | an action (alert, pause, rollback, disable_tool, fallback TO VERSION n)
        IF error_rate > 5% THEN disable_tool                | 1 | 25 | 'disable_tool'      | an action other than disable_tool: only a tool_error_rate rule names a tool to disable
        IF error_rate > 5% THEN fallback TO VERSION 0       | 1 | 45 | '0'                 | a version number (1 or more)
        IF error_rate > 5% THEN fallback VERSION 3          | 1 | 34 | 'VERSION'           | TO
        IF error_rate > 5% THEN alert SEVERITY loud         | 1 | 40 | 'loud'              | a severity (info, warning, critical)
        IF error_rate > 5% THEN alert MIN_SAMPLES 0         | 1 | 43 | '0'                 | a number of samples from 1 to 1000000
        IF error_rate > 5% THEN alert COOLDOWN 8d           | 1 | 40 | '8d'                | a duration with its unit (s, m or h) after COOLDOWN, such as 5m
        IF error_rate > 5% THEN alert COOLDOWN 1h COOLDOWN 2h | 1 | 43 | 'COOLDOWN'        | each option at most once
        IF error_rate > 5% THEN alert please                | 1 | 31 | 'please'            | SEVERITY, MIN_SAMPLES, COOLDOWN or the end of the rule
        IF tool_error_rate > 50% THEN disable_tool          | 1 | 20 | '>'                 | '(' and the tool's name: tool_error_rate(search)
        IF tool_error_rate(se arch) > 50% THEN alert        | 1 | 23 | 'arch'              | ')'
        IF error_rate(search) > 50% THEN alert              | 1 | 14 | '('                 | a comparison: error_rate takes no tool
        IF task_completion_rate DROPS > 120% THEN rollback  | 1 | 33 | '120%'              | a drop of more than 0% and at most 100%
        IF task_completion_rate DROPS > 20 THEN rollback    | 1 | 36 | 'THEN'              | '%': a change is a percentage of the baseline
        IF cost_per_request > 0x BASELINE THEN rollback     | 1 | 23 | '0x'                | a multiple of more than 0 and at most 1000
        IF cost_per_request > 3x THEN rollback              | 1 | 26 | 'THEN'              | BASELINE
        IF p95_latency > 4 FOR 5m THEN pause                | 1 | 18 | '4'                 | a latency with its unit, such as 800ms or 4s
        IF eval_score < 7 THEN alert                        | 1 | 17 | '7'                 | a score from 0 to 1
        IF error_rate > 5%                                  | 1 | 19 | the end of the rule | THEN
        """)
    void errorsSayWhereWhatWasFoundAndWhatWasExpected(String source, int line, int column, String found,
            String expected) {
        RuleSyntaxException error = catchThrowableOfType(() -> RuleParser.parse(source == null ? "" : source),
                RuleSyntaxException.class);
        assertThat(error).as(source).isNotNull();
        assertThat(error.expected()).isEqualTo(expected);
        assertThat(error.found()).isEqualTo(found);
        assertThat(error.column()).isEqualTo(column);
        assertThat(error.line()).isEqualTo(line);
        assertThat(error.getMessage()).isEqualTo("line " + line + ", column " + column + ": expected " + expected
                + ", found " + found);
    }

    @Test
    void positionsCountLines() {
        RuleSyntaxException error = catchThrowableOfType(() -> RuleParser.parse(
                "IF error_rate > 15%\nFOR 2m\nTHEN rollbak"), RuleSyntaxException.class);
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.column()).isEqualTo(6);
        assertThat(error.found()).isEqualTo("'rollbak'");
    }

    @Test
    void overlongTextAndNullAreRefused() {
        assertThat(catchThrowableOfType(() -> RuleParser.parse("IF error_rate > 5% THEN alert" + " ".repeat(1_000)),
                RuleSyntaxException.class).expected()).isEqualTo("a rule of at most 1000 characters");
        assertThat(catchThrowableOfType(() -> RuleParser.parse(null), RuleSyntaxException.class).expected())
                .isEqualTo("IF");
    }
}
