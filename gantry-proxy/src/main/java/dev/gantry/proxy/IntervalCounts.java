package dev.gantry.proxy;

import dev.gantry.api.RouterReport;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one backend did since the last report: requests that ended (answered or failed), 5xx answers,
 * connection failures, and an HdrHistogram of the latencies of the answered, non-5xx requests, in
 * microseconds with 3 significant digits (exact to 0.1%, so p50 to p99.9 keep their meaning). Recording
 * is wait-free ({@link Recorder}); {@link #take} swaps the interval out.
 */
final class IntervalCounts {
    /** An outcome for {@link #ended}: the request got no answer (refused, reset, timed out, malformed). */
    static final int NO_ANSWER = -1;
    /** An outcome for {@link Upstream#attemptEnded}: the client left first; not reported. */
    static final int ABANDONED = 0;

    private static final int SIGNIFICANT_DIGITS = 3;
    /**
     * Flat arrays, grown to the largest latency seen (about 100 KB per array for latencies up to 15 ms):
     * a packed recorder needs 7x less memory but cost some 4 µs more CPU per request in the router bench.
     */
    private final Recorder latency = new Recorder(SIGNIFICANT_DIGITS);

    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    /** Reused by {@link #take}, which runs on one thread (the reporter's). */
    private Histogram spare;

    /** A request ended: {@code status} of the answer, or {@link #NO_ANSWER}; {@code nanos} since it arrived. */
    void ended(int status, long nanos) {
        if (status == NO_ANSWER) {
            connectFailures.increment();
        } else if (status >= 500) {
            errors.increment();
        } else {
            latency.recordValue(Math.max(0, nanos / 1000));
        }
        requests.increment();
    }

    /**
     * The interval's sample, and a fresh interval from now on; null when nothing ended in it and
     * {@code tripped} is false. Counters may straddle the swap by a request: errors are capped at requests.
     */
    synchronized RouterReport.Sample take(String app, int release, String instance, boolean tripped) {
        long e = errors.sumThenReset();
        long c = connectFailures.sumThenReset();
        long r = requests.sumThenReset();
        Histogram h = latency.getIntervalHistogram(spare);
        spare = h;
        if (r == 0 && h.getTotalCount() == 0 && !tripped) return null;
        e = Math.min(e, r);
        c = Math.min(c, r - e);
        return new RouterReport.Sample(app, release, instance, r, e, c, encode(h), tripped);
    }

    /** The histogram's compressed encoding in base64, or null when it is empty. */
    static String encode(Histogram h) {
        if (h.getTotalCount() == 0) return null;
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }
}
