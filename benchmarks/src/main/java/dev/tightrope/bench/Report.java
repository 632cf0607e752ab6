package dev.tightrope.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;

/** Fixed-width tables on standard output. */
final class Report {

    private Report() {
    }

    static String ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? "-" : fmt(h.getValueAtPercentile(percentile) / 1000.0);
    }

    static String max(Histogram h) {
        return h.getTotalCount() == 0 ? "-" : fmt(h.getMaxValue() / 1000.0);
    }

    static String fmt(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : value >= 10 ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    /** Medians of each tenth of {@code micros}, in order, in ms: does the figure still drift (JIT, load)? */
    static String trend(List<Long> micros) {
        StringBuilder trend = new StringBuilder();
        int chunk = Math.max(1, micros.size() / 10);
        for (int from = 0; from < micros.size(); from += chunk) {
            List<Long> part = new ArrayList<>(micros.subList(from, Math.min(micros.size(), from + chunk)));
            part.sort(null);
            trend.append(trend.length() == 0 ? "" : " ").append(fmt(part.get(part.size() / 2) / 1000.0));
        }
        return trend.toString();
    }

    static String row(Object... cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String cell = String.valueOf(cells[i]);
            sb.append(i == 0 ? String.format(Locale.ROOT, "%-22s", cell) : String.format(Locale.ROOT, "%11s", cell));
        }
        return sb.toString();
    }

    static String latencyRow(String name, Histogram h, Object... extra) {
        Object[] cells = new Object[7 + extra.length];
        cells[0] = name;
        cells[1] = h.getTotalCount();
        cells[2] = ms(h, 50);
        cells[3] = ms(h, 90);
        cells[4] = ms(h, 99);
        cells[5] = max(h);
        cells[6] = h.getTotalCount() == 0 ? "-" : fmt(h.getMean() / 1000.0);
        System.arraycopy(extra, 0, cells, 7, extra.length);
        return row(cells);
    }
}
