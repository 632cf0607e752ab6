package dev.tightrope.fuzz;

import java.util.ArrayList;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Collects the failing cases of a run and writes the report: the seed, how to replay, each failure (capped) with its
 * violations, the answer and a reproduction, and a summary of the distinct kinds of failure with a count and one
 * case each.
 */
final class FuzzReport {

    static final int PRINTED = 30;

    /** One failing case. */
    record Failure(FuzzCase fuzzCase, List<String> violations, String answer, String reproduction) {
    }

    private final long seed;
    private final List<Failure> failures = new ArrayList<>();

    FuzzReport(long seed) {
        this.seed = seed;
    }

    synchronized void add(FuzzCase fuzzCase, List<String> violations, String answer, String reproduction) {
        failures.add(new Failure(fuzzCase, List.copyOf(violations), answer, reproduction));
    }

    boolean isEmpty() {
        return failures.isEmpty();
    }

    int size() {
        return failures.size();
    }

    /** The kind of a violation: its tag and the family of the case, e.g. {@code [INTERNAL] body:batch-array}. */
    static String kindOf(FuzzCase fuzzCase, String violation) {
        String tag = violation.startsWith("[") ? violation.substring(0, violation.indexOf(']') + 1) : violation;
        String[] parts = fuzzCase.kind().split(":");
        String family = parts[0];
        if (fuzzCase.kind().contains("=")) {
            String value = fuzzCase.kind().substring(fuzzCase.kind().indexOf('=') + 1).split(":")[0];
            family += " =" + (value.length() > 24 ? value.substring(0, 24) + "…" : value);
        } else if (parts.length > 1) {
            family += ":" + parts[1].split(" ")[0];
        }
        String detail;
        if (violation.contains("«")) {
            detail = violation.substring(violation.indexOf('«'), violation.indexOf('»') + 1);
        } else {
            detail = violation.substring(tag.length()).replaceAll("\"[^\"]*\"|'[^']*'", "…")
                    .replaceAll("[0-9a-f]{6,}|\\d+", "N").trim();
            detail = detail.length() > 70 ? detail.substring(0, 70) + "…" : detail;
        }
        return tag + " " + family + " — " + detail;
    }

    /** Writes every failure, uncapped, to {@code target/fuzz/GraphQLFuzzTest-<seed>.txt}; returns the path. */
    String writeAll(String preamble) {
        java.nio.file.Path file = java.nio.file.Path.of("target", "fuzz", "GraphQLFuzzTest-" + seed + ".txt");
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            StringBuilder all = new StringBuilder(render(preamble, Integer.MAX_VALUE));
            java.nio.file.Files.writeString(file, all);
        } catch (java.io.IOException e) {
            return "(could not write " + file + ": " + e + ")";
        }
        return file.toAbsolutePath().toString();
    }

    String render(String preamble) {
        return render(preamble, PRINTED);
    }

    private String render(String preamble, int printed) {
        StringBuilder out = new StringBuilder();
        out.append(failures.size()).append(" failing case(s), seed ").append(seed)
                .append(" (replay: -Dtightrope.fuzz.seed=").append(seed).append(")\n").append(preamble).append('\n');
        Map<String, List<Integer>> kinds = new TreeMap<>(); // grouped by tag, then family
        for (Failure failure : failures) {
            for (String violation : failure.violations()) {
                kinds.computeIfAbsent(kindOf(failure.fuzzCase(), violation), k -> new ArrayList<>())
                        .add(failure.fuzzCase().number());
            }
        }
        out.append("\nKinds of failure (").append(kinds.size()).append("; count, first cases):\n");
        kinds.forEach((kind, cases) -> out.append("  ").append(cases.size()).append(" × ").append(kind)
                .append("  e.g. cases ").append(cases.stream().distinct().limit(5).map(String::valueOf)
                        .collect(Collectors.joining(", "))).append('\n'));
        out.append('\n');
        for (Failure failure : failures.subList(0, Math.min(printed, failures.size()))) {
            out.append(describe(failure)).append('\n');
        }
        if (failures.size() > printed) {
            out.append("… and ").append(failures.size() - printed).append(" more failing case(s) not printed\n");
        }
        return out.toString();
    }

    String describe(Failure failure) {
        return "#" + failure.fuzzCase().number() + " (seed " + seed + ") " + failure.fuzzCase().kind() + "\n"
                + failure.violations().stream().map(v -> "    ✗ " + v).collect(Collectors.joining("\n")) + "\n"
                + "    answer: " + failure.answer() + "\n"
                + "    " + failure.reproduction() + "\n";
    }
}
