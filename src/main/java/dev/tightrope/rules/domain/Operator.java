package dev.tightrope.rules.domain;

import org.eclipse.microprofile.graphql.Description;

/** A comparison in a rule: {@code >}, {@code >=}, {@code <}, {@code <=}. */
@Description("A comparison in a rule.")
public enum Operator {
    @Description(">")
    GT(">"),
    @Description(">=")
    GE(">="),
    @Description("<")
    LT("<"),
    @Description("<=")
    LE("<=");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** Whether {@code value op threshold} holds. */
    public boolean holds(double value, double threshold) {
        return switch (this) {
            case GT -> value > threshold;
            case GE -> value >= threshold;
            case LT -> value < threshold;
            case LE -> value <= threshold;
        };
    }

    /** The operator written as in rule text, or null. */
    public static Operator of(String symbol) {
        for (Operator operator : values()) {
            if (operator.symbol.equals(symbol)) {
                return operator;
            }
        }
        return null;
    }
}
