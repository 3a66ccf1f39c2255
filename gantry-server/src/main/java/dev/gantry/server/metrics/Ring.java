package dev.gantry.server.metrics;

import java.util.Arrays;

/**
 * The last {@code slots} steps of one subject's metrics: a preallocated ring of floats per metric, made
 * the first time that metric is written and never grown. Step {@code s} lives in slot {@code s mod
 * slots} while {@code s} is among the last {@code slots} steps up to the newest one written; moving on
 * clears the slots passed over, so a gap reads as NaN. Not thread-safe: {@link Series} guards it.
 */
final class Ring {
    private final int slots;
    private final float[][] values = new float[Metric.COUNT][];
    private long newest = Long.MIN_VALUE;

    Ring(int slots) {
        this.slots = slots;
    }

    /** Makes {@code step} the newest step, clearing the slots between; false when it fell out of the ring. */
    boolean advance(long step) {
        if (newest != Long.MIN_VALUE && step <= newest - slots) return false;
        if (step <= newest) return true;
        long from = newest == Long.MIN_VALUE ? step : Math.max(newest + 1, step - slots + 1);
        for (float[] v : values) {
            if (v == null) continue;
            for (long s = from; s <= step; s++) v[index(s)] = Float.NaN;
        }
        newest = step;
        return true;
    }

    void set(long step, Metric m, double value) {
        if (advance(step)) array(m)[index(step)] = (float) value;
    }

    void add(long step, Metric m, double value) {
        if (!advance(step)) return;
        float[] v = array(m);
        int i = index(step);
        v[i] = Float.isNaN(v[i]) ? (float) value : v[i] + (float) value;
    }

    void max(long step, Metric m, double value) {
        if (!advance(step)) return;
        float[] v = array(m);
        int i = index(step);
        v[i] = Float.isNaN(v[i]) ? (float) value : Math.max(v[i], (float) value);
    }

    /** The value at {@code step}; NaN when none was written or the step is out of the ring. */
    float get(long step, Metric m) {
        float[] v = values[m.ordinal()];
        if (v == null || step > newest || step <= newest - slots) return Float.NaN;
        return v[index(step)];
    }

    long newest() {
        return newest;
    }

    /** How many floats this ring holds: what it costs, whatever it was fed. */
    int retainedFloats() {
        int n = 0;
        for (float[] v : values) n += v == null ? 0 : v.length;
        return n;
    }

    private float[] array(Metric m) {
        float[] v = values[m.ordinal()];
        if (v == null) {
            v = new float[slots];
            Arrays.fill(v, Float.NaN);
            values[m.ordinal()] = v;
        }
        return v;
    }

    private int index(long step) {
        return (int) Math.floorMod(step, (long) slots);
    }
}
