package dev.tightrope.judge.domain;

import java.util.Locale;

/**
 * One metric's comparison in words, for deployment events and messages, e.g.
 * {@code ERROR_RATE FAIL: canary 8.40 % vs stable 1.20 % (+7.20 points; interval +1.10 to +13.30, tolerance +1.00) on
 * 320 / 6 080}.
 */
public final class Evidence {

    private Evidence() {
    }

    public static String of(MetricComparison c) {
        String samples = c.canary().n() + " / " + c.stable().n();
        return switch (c.metric()) {
            case ERROR_RATE, TASK_COMPLETION, TOOL_ERROR_RATE -> String.format(Locale.ROOT,
                    "%s %s: canary %.2f %% vs stable %.2f %% (%+.2f points; interval %+.2f to %+.2f, tolerance "
                            + "%+.2f) on %s", c.metric(), c.verdict(), 100 * c.canary().mean(),
                    100 * c.stable().mean(), 100 * c.effect(), 100 * c.lower(), 100 * c.upper(),
                    100 * c.metric().harmSign() * c.tolerance(), samples);
            case LATENCY -> String.format(Locale.ROOT, "%s %s: typical latency %+.1f %% (interval %+.1f %% to %+.1f "
                    + "%%, tolerance %+.1f %%) on %s", c.metric(), c.verdict(), 100 * Math.expm1(c.effect()),
                    100 * Math.expm1(c.lower()), 100 * Math.expm1(c.upper()), 100 * Math.expm1(c.tolerance()),
                    samples);
            case COST_PER_REQUEST, EVAL_SCORE -> String.format(Locale.ROOT, "%s %s: canary %.4f vs stable %.4f "
                    + "(%+.4f; interval %+.4f to %+.4f, tolerance %+.4f) on %s", c.metric(), c.verdict(),
                    c.canary().mean(), c.stable().mean(), c.effect(), c.lower(), c.upper(),
                    c.metric().harmSign() * c.tolerance(), samples);
        };
    }
}
