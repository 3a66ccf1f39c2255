package dev.gantry.server.analysis;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.PackedHistogram;

/**
 * The latency histograms routers report: HdrHistogram's compressed encoding in base64, values in
 * microseconds. Decoding checks the header before HdrHistogram allocates anything, so a report cannot
 * make the control plane inflate more than {@link #MAX_PAYLOAD_BYTES} per histogram (and
 * {@link #MAX_REPORT_PAYLOAD_BYTES} over a report, as {@link Traffic} adds them up) nor decode a histogram
 * of unbounded range, precision or counts; it decodes into a {@link PackedHistogram}, whose memory follows
 * the values it holds, not the range its header declares.
 */
final class LatencyHistogram {
    /** Longest accepted base64 text of one histogram. */
    static final int MAX_ENCODED_CHARS = 64 * 1024;

    static final int MAX_PAYLOAD_BYTES = 1 << 20;
    /** The payloads of one report's histograms together: each non-zero count takes at least a byte of it. */
    static final int MAX_REPORT_PAYLOAD_BYTES = 4 << 20;

    static final int MAX_SIGNIFICANT_DIGITS = 3;
    /** About 12 days in microseconds: any latency a router can see. */
    static final long MAX_TRACKABLE_MICROS = 1L << 40;
    /** More latencies than one backend can answer in a report's second, by far; sums of these cannot overflow. */
    static final long MAX_TOTAL_COUNT = 1L << 40;

    private static final int HEADER_BYTES = 40;

    /** An encoded histogram whose header passed: its bytes and the payload length the header declares. */
    record Checked(byte[] bytes, int payloadBytes) {}

    private LatencyHistogram() {}

    /** The histogram {@code base64} encodes; an IllegalArgumentException naming {@code field} when it is not one. */
    static Histogram decode(String base64, String field) {
        return decode(check(base64, field), field);
    }

    /** Checks the text and the header of the histogram {@code base64} encodes, decoding nothing else. */
    static Checked check(String base64, String field) {
        if (base64.length() > MAX_ENCODED_CHARS)
            throw bad(field, "at most " + MAX_ENCODED_CHARS + " characters, was " + base64.length());
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw bad(field, "not base64 (" + e.getMessage() + ")");
        }
        return new Checked(bytes, checkHeader(bytes, field));
    }

    /** The histogram of a {@link #check}ed encoding; its counts must add up to at most {@link #MAX_TOTAL_COUNT}. */
    static Histogram decode(Checked checked, String field) {
        Histogram h;
        try {
            h = PackedHistogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(checked.bytes()), 0);
        } catch (DataFormatException | RuntimeException e) {
            throw bad(field, "not a compressed HdrHistogram (" + e.getMessage() + ")");
        }
        long total = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
            total += v.getCountAtValueIteratedTo();
            if (v.getCountAtValueIteratedTo() < 0 || total > MAX_TOTAL_COUNT)
                throw bad(field, "counts adding up to at most " + MAX_TOTAL_COUNT);
        }
        return h;
    }

    /** The payload length the header declares. */
    private static int checkHeader(byte[] bytes, String field) {
        if (bytes.length < 8) throw bad(field, "not a compressed HdrHistogram (too short)");
        int compressed = ByteBuffer.wrap(bytes).getInt(4);
        if (compressed < 0 || compressed > bytes.length - 8)
            throw bad(field, "not a compressed HdrHistogram (its length says " + compressed + " bytes)");
        byte[] header = new byte[HEADER_BYTES];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(bytes, 8, compressed);
            if (inflater.inflate(header) < HEADER_BYTES)
                throw bad(field, "not a compressed HdrHistogram (header cut short)");
        } catch (DataFormatException e) {
            throw bad(field, "not a compressed HdrHistogram (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        int payload = h.getInt(4);
        int digits = h.getInt(12);
        long lowest = h.getLong(16);
        long highest = h.getLong(24);
        if (payload < 0 || payload > MAX_PAYLOAD_BYTES)
            throw bad(field, "payload of at most " + MAX_PAYLOAD_BYTES + " bytes, was " + payload);
        if (digits < 0 || digits > MAX_SIGNIFICANT_DIGITS)
            throw bad(field, "at most " + MAX_SIGNIFICANT_DIGITS + " significant digits, was " + digits);
        if (lowest < 1 || lowest > 1000) throw bad(field, "lowest discernible value 1..1000, was " + lowest);
        if (highest < 2 * lowest || highest > MAX_TRACKABLE_MICROS)
            throw bad(field, "highest trackable value up to " + MAX_TRACKABLE_MICROS + " µs, was " + highest);
        return payload;
    }

    static IllegalArgumentException bad(String field, String what) {
        return new IllegalArgumentException(field + ": must be an HdrHistogram, compressed and base64: " + what);
    }

    /**
     * At most {@code max} values, in milliseconds, standing for the histogram's distribution: every
     * recorded value when there are no more than {@code max}, else the values at evenly spaced ranks
     * (the midpoints of {@code max} equal slices), lowest first. Deterministic.
     */
    static List<Double> sampleMillis(Histogram h, int max) {
        long n = h.getTotalCount();
        int k = (int) Math.min(n, max);
        List<Double> out = new ArrayList<>(k);
        if (k == 0) return out;
        int i = 0;
        long seen = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
            seen += v.getCountAddedInThisIterationStep();
            double ms = h.medianEquivalentValue(v.getValueIteratedTo()) / 1000.0;
            while (i < k && rank(i, n, k) < seen) {
                out.add(ms);
                i++;
            }
        }
        return out;
    }

    /** The 0-based rank of the {@code i}th of {@code k} evenly spaced picks among {@code n} values. */
    private static long rank(int i, long n, int k) {
        return (long) ((2L * i + 1) * (double) n / (2L * k));
    }
}
