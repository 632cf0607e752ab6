package dev.tightrope.telemetry.domain;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;

import org.HdrHistogram.Histogram;

/**
 * A mergeable latency histogram (HdrHistogram): milliseconds from 0 to a day with 2 significant digits, so any
 * percentile read from it is within 1 % of the true value. Two histograms merge by adding their counts, so buckets
 * written by several instances, or the buckets of a window, add up to the histogram of all their requests.
 *
 * <p>Stored compressed (HdrHistogram's own format); an empty histogram is about 40 bytes.
 *
 * <p>The counts (about 22 KB at this range and precision) are allocated on the first value recorded or added:
 * most buckets read back without their histogram (a rule pass reads thousands), and an empty one costs nothing.
 */
public final class LatencyHistogram {

    static final long HIGHEST_MS = OutcomeRules.MAX_LATENCY_MS;
    private static final int DIGITS = 2;

    /** Null while empty. */
    private Histogram histogram;

    public LatencyHistogram() {
        this(null);
    }

    private LatencyHistogram(Histogram histogram) {
        this.histogram = histogram;
    }

    private Histogram counts() {
        if (histogram == null) {
            histogram = new Histogram(HIGHEST_MS, DIGITS);
        }
        return histogram;
    }

    /** Records one latency, rounded to the millisecond. */
    public void record(double latencyMs) {
        counts().recordValue(Math.max(0, Math.min(HIGHEST_MS, Math.round(latencyMs))));
    }

    /** Adds every count of the other histogram to this one. */
    public void add(LatencyHistogram other) {
        if (other.histogram != null && other.histogram.getTotalCount() > 0) {
            counts().add(other.histogram);
        }
    }

    public long count() {
        return histogram == null ? 0 : histogram.getTotalCount();
    }

    /** The latency at this percentile (0 to 100), in ms; 0 when empty. */
    public double percentile(double percentile) {
        return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile);
    }

    /** The compressed form, for storage. */
    public byte[] toBytes() {
        Histogram counts = counts();
        ByteBuffer buffer = ByteBuffer.allocate(counts.getNeededByteBufferCapacity());
        int length = counts.encodeIntoCompressedByteBuffer(buffer, Deflater.BEST_SPEED);
        byte[] bytes = new byte[length];
        buffer.rewind();
        buffer.get(bytes);
        return bytes;
    }

    /** Reads a stored histogram; an empty or null one is an empty histogram. */
    public static LatencyHistogram fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return new LatencyHistogram();
        }
        try {
            return new LatencyHistogram(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), HIGHEST_MS));
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not a stored latency histogram", e);
        }
    }
}
