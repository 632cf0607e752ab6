package dev.tightrope.rules.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

import dev.tightrope.telemetry.domain.OutcomeRules;

/**
 * Reads a trigger rule written the way people say it. The grammar (keywords and metric names in any case; spaces
 * and line breaks anywhere between words):
 * <pre>
 *   rule      = "IF" metric condition [ "FOR" duration ] "THEN" action { option }
 *   metric    = name [ "(" tool ")" ]          tool only, and always, for tool_error_rate
 *   condition = op value                        error_rate &gt; 15%   p95_latency &gt; 4s
 *             | ( "DROPS" | "RISES" ) op percent  task_completion_rate DROPS &gt; 20%
 *             | op number "x" "BASELINE"          cost_per_request &gt; 3x BASELINE
 *   op        = "&gt;" | "&gt;=" | "&lt;" | "&lt;="
 *   duration  = integer ( "s" | "m" | "h" )     5m
 *   action    = "alert" | "pause" | "rollback" | "disable_tool" | "fallback" "TO" "VERSION" integer
 *   option    = "SEVERITY" ( "info" | "warning" | "critical" ) | "MIN_SAMPLES" integer | "COOLDOWN" duration
 * </pre>
 * A value is written in its metric's unit ({@link RuleMetric.Unit}): a percentage for rates, {@code ms} or
 * {@code s} for latencies, a plain number otherwise. Every error names its line and column, what was found and what
 * was expected ({@link RuleSyntaxException}), and values out of range are refused where they stand: {@code 150%},
 * a zero duration, {@code disable_tool} on a metric without a tool.
 *
 * <p>Example: {@code IF error_rate > 15% FOR 2m THEN rollback} reads as metric ERROR_RATE, condition
 * {@code > 0.15}, for 120 s, action ROLLBACK, severity CRITICAL, 20 samples at least, a cooldown of 15 minutes.
 */
public final class RuleParser {

    /** Longest rule text accepted. */
    public static final int MAX_LENGTH = 1_000;
    static final Duration MAX_FOR = Duration.ofHours(24);
    static final Duration MAX_COOLDOWN = Duration.ofDays(7);
    static final int MAX_MIN_SAMPLES = 1_000_000;
    static final double MAX_LATENCY_MS = 3_600_000;
    static final double MAX_FACTOR = 1_000;
    /** Most significant digits of a number; leading zeros do not count. */
    static final int MAX_DIGITS = 18;
    /** Most characters of a number, its zeros included. */
    static final int MAX_NUMBER_LENGTH = 40;

    private final String text;
    private int position;

    private RuleParser(String text) {
        this.text = text;
    }

    /** The rule this text says; RuleSyntaxException when it says none. */
    public static Rule parse(String text) {
        if (text == null) {
            throw new RuleSyntaxException(1, 1, "the end of the rule", "IF");
        }
        if (text.length() > MAX_LENGTH) {
            throw new RuleSyntaxException(1, MAX_LENGTH + 1, "more text", "a rule of at most " + MAX_LENGTH
                    + " characters");
        }
        return new RuleParser(text).rule();
    }

    private Rule rule() {
        keyword("IF");
        int metricAt = skipSpace();
        String name = word();
        RuleMetric metric = RuleMetric.of(name);
        if (metric == null) {
            throw error(metricAt, name.isEmpty() ? foundAt(metricAt) : found(name), "a metric (" + metricNames() + ")");
        }
        String tool = null;
        if (metric.takesTool()) {
            tool = tool();
        } else if (peek('(')) {
            throw error(skipSpace(), "'('", "a comparison: " + metric.keyword() + " takes no tool");
        }
        Condition condition = condition(metric);
        Duration forDuration = Duration.ZERO;
        if (peekKeyword("FOR")) {
            keyword("FOR");
            forDuration = duration(MAX_FOR, "FOR");
        }
        keyword("THEN");
        int actionAt = skipSpace();
        String actionWord = word();
        RuleAction action = action(actionWord, actionAt);
        Integer fallback = null;
        if (action == RuleAction.DISABLE_TOOL && !metric.takesTool()) {
            throw error(actionAt, found(actionWord), "an action other than disable_tool: only a tool_error_rate "
                    + "rule names a tool to disable");
        }
        if (action == RuleAction.FALLBACK) {
            keyword("TO");
            keyword("VERSION");
            fallback = (int) integer(1, Integer.MAX_VALUE, "a version number (1 or more)");
        }
        Severity severity = null;
        Integer minSamples = null;
        Duration cooldown = null;
        while (true) {
            int at = skipSpace();
            if (at >= text.length()) {
                break;
            }
            String option = word();
            switch (option.toUpperCase(Locale.ROOT)) {
                case "SEVERITY" -> {
                    once(severity, at, option);
                    severity = severity();
                }
                case "MIN_SAMPLES" -> {
                    once(minSamples, at, option);
                    minSamples = (int) integer(1, MAX_MIN_SAMPLES, "a number of samples from 1 to " + MAX_MIN_SAMPLES);
                }
                case "COOLDOWN" -> {
                    once(cooldown, at, option);
                    cooldown = duration(MAX_COOLDOWN, "COOLDOWN");
                }
                default -> throw error(at, option.isEmpty() ? foundAt(at) : found(option),
                        "SEVERITY, MIN_SAMPLES, COOLDOWN or the end of the rule");
            }
        }
        return new Rule(metric, tool, condition, forDuration, action, fallback,
                severity == null ? Rule.defaultSeverity(action) : severity,
                minSamples == null ? Rule.DEFAULT_MIN_SAMPLES : minSamples,
                cooldown == null ? Rule.DEFAULT_COOLDOWN : cooldown);
    }

    private String tool() {
        int open = skipSpace();
        if (!peek('(')) {
            throw error(open, foundAt(open), "'(' and the tool's name: tool_error_rate(search)");
        }
        position++;
        int start = skipSpace();
        int end = start;
        while (end < text.length() && text.charAt(end) != ')' && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        String tool = text.substring(start, end);
        if (!OutcomeRules.isToolName(tool)) {
            throw error(start, tool.isEmpty() ? foundAt(start) : found(tool),
                    "a tool name (1 to 64 letters, digits, '_', '.' or '-')");
        }
        position = end;
        int close = skipSpace();
        if (!peek(')')) {
            throw error(close, foundAt(close), "')'");
        }
        position++;
        return tool;
    }

    private Condition condition(RuleMetric metric) {
        int at = skipSpace();
        if (peekKeyword("DROPS") || peekKeyword("RISES")) {
            boolean drops = word().equalsIgnoreCase("DROPS");
            Operator operator = operator();
            int numberAt = skipSpace();
            BigDecimal percent = number();
            if (!peek('%')) {
                throw error(position, foundAt(position), "'%': a change is a percentage of the baseline");
            }
            position++;
            double fraction = percent.doubleValue() / 100;
            if (!(fraction > 0) || (drops && fraction > 1) || fraction > MAX_FACTOR) {
                throw error(numberAt, found(percent.toPlainString() + "%"), drops
                        ? "a drop of more than 0% and at most 100%" : "a rise of more than 0% and at most 100000%");
            }
            return new Condition.Change(drops, operator, fraction);
        }
        if (!isOperatorStart(at)) {
            throw error(at, foundAt(at), "a comparison (>, >=, <, <=), DROPS or RISES");
        }
        Operator operator = operator();
        int valueAt = skipSpace();
        if (metric.unit() == RuleMetric.Unit.USD && peek('$')) {
            position++;
        }
        BigDecimal number = number();
        String suffix = suffix();
        if (suffix.equalsIgnoreCase("x") || (suffix.isEmpty() && peekKeyword("x"))) {
            if (suffix.isEmpty()) {
                word();
            }
            keyword("BASELINE");
            double factor = number.doubleValue();
            if (!(factor > 0) || factor > MAX_FACTOR) {
                throw error(valueAt, found(number.toPlainString() + "x"), "a multiple of more than 0 and at most "
                        + (int) MAX_FACTOR);
            }
            return new Condition.BaselineMultiple(operator, factor);
        }
        return new Condition.Threshold(operator, threshold(metric, number, suffix, valueAt));
    }

    /** The threshold in the metric's base unit, from a number and what follows it ({@code %}, {@code ms}, …). */
    private double threshold(RuleMetric metric, BigDecimal number, String suffix, int at) {
        String written = number.toPlainString() + suffix;
        double value = number.doubleValue();
        switch (metric.unit()) {
            case PERCENT -> {
                if (!suffix.equals("%")) {
                    throw error(at, found(written), "a percentage such as 15%");
                }
                if (value > 100) {
                    throw error(at, found(written), "a rate from 0% to 100%");
                }
                return value / 100;
            }
            case DURATION -> {
                double ms = switch (suffix.toLowerCase(Locale.ROOT)) {
                    case "ms" -> value;
                    case "s" -> value * 1000;
                    default -> throw error(at, found(written), "a latency with its unit, such as 800ms or 4s");
                };
                if (!(ms > 0) || ms > MAX_LATENCY_MS) {
                    throw error(at, found(written), "a latency of more than 0 and at most 1 hour");
                }
                return ms;
            }
            case PER_SECOND -> {
                double perSecond = switch (suffix.toLowerCase(Locale.ROOT)) {
                    case "", "/s" -> value;
                    case "/m" -> value / 60;
                    case "/h" -> value / 3600;
                    default -> throw error(at, found(written), "a request rate such as 5, 5/s, 300/m or 1000/h");
                };
                return perSecond;
            }
            case SCORE -> {
                plain(suffix, at, written, "a score from 0 to 1, such as 0.7");
                if (value > 1) {
                    throw error(at, found(written), "a score from 0 to 1");
                }
                return value;
            }
            default -> {
                plain(suffix, at, written, metric == RuleMetric.COST_PER_REQUEST ? "an amount in USD, such as 0.05"
                        : "a number of tokens, such as 8000");
                return value;
            }
        }
    }

    private void plain(String suffix, int at, String written, String expected) {
        if (!suffix.isEmpty()) {
            throw error(at, found(written), expected);
        }
    }

    /** Letters, '%' or '/x' glued to the number just read: {@code 15%}, {@code 4s}, {@code 3x}, {@code 300/m}. */
    private String suffix() {
        int start = position;
        if (position < text.length() && text.charAt(position) == '%') {
            position++;
        } else if (position < text.length() && text.charAt(position) == '/') {
            position++;
            while (position < text.length() && Character.isLetter(text.charAt(position))) {
                position++;
            }
        } else {
            while (position < text.length() && Character.isLetter(text.charAt(position))) {
                position++;
            }
        }
        return text.substring(start, position);
    }

    private Duration duration(Duration max, String after) {
        int at = skipSpace();
        BigDecimal number = number();
        String unit = suffix();
        String written = number.toPlainString() + unit;
        if (number.scale() > 0 && number.stripTrailingZeros().scale() > 0) {
            throw error(at, found(written), "a whole number of s, m or h after " + after + ", such as 90s or 5m");
        }
        long amount;
        try {
            amount = number.longValueExact();
        } catch (ArithmeticException tooLarge) {
            throw error(at, found(written), "a duration of at most " + Rule.duration(max));
        }
        Duration duration = switch (unit.toLowerCase(Locale.ROOT)) {
            case "s" -> Duration.ofSeconds(Math.min(amount, Long.MAX_VALUE / 4));
            case "m" -> Duration.ofMinutes(Math.min(amount, Long.MAX_VALUE / 240));
            case "h" -> Duration.ofHours(Math.min(amount, Long.MAX_VALUE / 14_400));
            default -> throw error(at, found(written), "a duration with its unit (s, m or h) after " + after
                    + ", such as 5m");
        };
        if (duration.isZero()) {
            throw error(at, found(written), "a duration of more than 0 after " + after);
        }
        if (duration.compareTo(max) > 0) {
            throw error(at, found(written), "a duration of at most " + Rule.duration(max) + " after " + after);
        }
        return duration;
    }

    private Severity severity() {
        int at = skipSpace();
        String word = word();
        for (Severity severity : Severity.values()) {
            if (severity.name().equalsIgnoreCase(word)) {
                return severity;
            }
        }
        throw error(at, word.isEmpty() ? foundAt(at) : found(word), "a severity (info, warning, critical)");
    }

    private RuleAction action(String word, int at) {
        for (RuleAction action : RuleAction.values()) {
            if (action.name().equalsIgnoreCase(word)) {
                return action;
            }
        }
        throw error(at, word.isEmpty() ? foundAt(at) : found(word), "an action (alert, pause, rollback, disable_tool, fallback TO VERSION n)");
    }

    private long integer(long min, long max, String expected) {
        int at = skipSpace();
        BigDecimal number = number();
        String suffix = suffix();
        if (!suffix.isEmpty() || number.scale() > 0) {
            throw error(at, found(number.toPlainString() + suffix), expected);
        }
        if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw error(at, found(number.toPlainString()), expected);
        }
        return number.longValueExact();
    }

    /** Digits with an optional fraction; no sign, no exponent. */
    private BigDecimal number() {
        int start = skipSpace();
        int end = start;
        while (end < text.length() && isDigit(text.charAt(end))) {
            end++;
        }
        if (end < text.length() && text.charAt(end) == '.' && end + 1 < text.length() && isDigit(text.charAt(end + 1))) {
            end++;
            while (end < text.length() && isDigit(text.charAt(end))) {
                end++;
            }
        }
        if (end == start) {
            throw error(start, foundAt(start), "a number");
        }
        BigDecimal number = new BigDecimal(text.substring(start, end));
        // leading zeros add no precision: 0.0002777777777777778 is 16 digits
        if (end - start > MAX_NUMBER_LENGTH || number.stripTrailingZeros().precision() > MAX_DIGITS) {
            throw error(start, found(text.substring(start, end)), "a number of at most " + MAX_DIGITS
                    + " significant digits");
        }
        position = end;
        return number;
    }

    private Operator operator() {
        int at = skipSpace();
        if (!isOperatorStart(at)) {
            throw error(at, foundAt(at), "a comparison (>, >=, <, <=)");
        }
        boolean orEqual = at + 1 < text.length() && text.charAt(at + 1) == '=';
        position = at + (orEqual ? 2 : 1);
        return Operator.of(text.substring(at, position));
    }

    private boolean isOperatorStart(int at) {
        return at < text.length() && (text.charAt(at) == '>' || text.charAt(at) == '<');
    }

    private void keyword(String keyword) {
        int at = skipSpace();
        int start = position;
        String word = word();
        if (!word.equalsIgnoreCase(keyword)) {
            position = start;
            throw error(at, word.isEmpty() ? foundAt(at) : found(word), keyword);
        }
    }

    private boolean peekKeyword(String keyword) {
        int saved = position;
        skipSpace();
        String word = word();
        position = saved;
        return word.equalsIgnoreCase(keyword);
    }

    private boolean peek(char c) {
        int at = skipSpace();
        return at < text.length() && text.charAt(at) == c;
    }

    /** Letters, digits and '_' from here (possibly none). */
    private String word() {
        skipSpace();
        int start = position;
        while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position))
                || text.charAt(position) == '_')) {
            position++;
        }
        return text.substring(start, position);
    }

    private int skipSpace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
        return position;
    }

    private void once(Object already, int at, String option) {
        if (already != null) {
            throw error(at, found(option), "each option at most once");
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** What stands at this offset: the next token, quoted, or the end. */
    private String foundAt(int at) {
        if (at >= text.length()) {
            return "the end of the rule";
        }
        int end = at + 1;
        if (Character.isLetterOrDigit(text.charAt(at))) {
            while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                end++;
            }
        }
        return found(text.substring(at, end));
    }

    private static String found(String token) {
        if (token.isEmpty()) {
            return "nothing";
        }
        String shown = token.length() > 24 ? token.substring(0, 24) + "…" : token;
        return "'" + shown + "'";
    }

    private RuleSyntaxException error(int at, String found, String expected) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new RuleSyntaxException(line, column, found, expected);
    }

    private static String metricNames() {
        StringBuilder names = new StringBuilder();
        for (RuleMetric metric : RuleMetric.values()) {
            if (!names.isEmpty()) {
                names.append(", ");
            }
            names.append(metric.keyword()).append(metric.takesTool() ? "(tool)" : "");
        }
        return names.toString();
    }
}
