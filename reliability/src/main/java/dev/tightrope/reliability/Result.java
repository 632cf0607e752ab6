package dev.tightrope.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A scenario's outcome: its checks (each passed or failed) and its figures. */
final class Result {

    final String name;
    final List<String> figures = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    final List<String> passed = new ArrayList<>();
    long millis;
    /** A tentative result (a window that may be tried again): its failed checks print as "again". */
    private final boolean tentative;

    Result(String name) {
        this(name, false);
    }

    Result(String name, boolean tentative) {
        this.name = name;
        this.tentative = tentative;
    }

    /** Records a check; prints it at once. */
    boolean check(boolean ok, String what) {
        (ok ? passed : failures).add(what);
        System.out.println("   " + (ok ? "ok   " : tentative ? "again " : "FAIL ") + what);
        return ok;
    }

    void figure(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        figures.add(text);
        System.out.println("   -> " + text);
    }

    boolean pass() {
        return failures.isEmpty() && !passed.isEmpty();
    }
}
