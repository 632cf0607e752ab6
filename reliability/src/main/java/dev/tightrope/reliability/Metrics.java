package dev.tightrope.reliability;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads values out of a Prometheus text exposition (/q/metrics). */
final class Metrics {

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Metrics() {
    }

    /** The sum of the samples named {@code name} whose labels include {@code labels}; 0 when there is none. */
    static double value(String text, String name, String... labels) {
        Map<String, String> wanted = new HashMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        double sum = 0;
        for (String line : text.split("\n")) {
            if (!line.startsWith(name)) {
                continue;
            }
            Matcher matcher = LINE.matcher(line.trim());
            if (!matcher.matches() || !matcher.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new HashMap<>();
            if (matcher.group(2) != null) {
                Matcher label = LABEL.matcher(matcher.group(2));
                while (label.find()) {
                    found.put(label.group(1), label.group(2));
                }
            }
            boolean matches = wanted.entrySet().stream()
                    .allMatch(entry -> entry.getValue().equals(found.get(entry.getKey())));
            if (matches) {
                try {
                    sum += Double.parseDouble(matcher.group(3));
                } catch (NumberFormatException ignored) {
                    // NaN or the like: not a count
                }
            }
        }
        return sum;
    }
}
