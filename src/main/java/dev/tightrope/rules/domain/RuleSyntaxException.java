package dev.tightrope.rules.domain;

/**
 * A rule that cannot be read: where (line and column, from 1), what was found there and what was expected.
 * Example: {@code line 1, column 15: expected a comparison (>, >=, <, <=), DROPS or RISES, found 'is'}.
 */
public final class RuleSyntaxException extends RuntimeException {

    private final int line;
    private final int column;
    private final String found;
    private final String expected;

    public RuleSyntaxException(int line, int column, String found, String expected) {
        super("line " + line + ", column " + column + ": expected " + expected + ", found " + found);
        this.line = line;
        this.column = column;
        this.found = found;
        this.expected = expected;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** What was there: a quoted token, or "the end of the rule". */
    public String found() {
        return found;
    }

    public String expected() {
        return expected;
    }
}
