package dev.gantry.api.canary;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One metric's values for the Kayenta judge, baseline (control) and canary (experiment) side by side, in time
 * order. A null value is a missing point (Kayenta's NaN): the metric's {@code nanStrategy} removes it or reads
 * it as 0.
 *
 * @param control    the baseline's values, at most {@link #MAX_VALUES}
 * @param experiment the canary's values, at most {@link #MAX_VALUES}
 */
public record Series(List<Double> control, List<Double> experiment) {
    public static final int MAX_VALUES = 10_000;

    public Series {
        control = copy("control", control);
        experiment = copy("experiment", experiment);
    }

    private static List<Double> copy(String field, List<Double> values) {
        if (values == null) return List.of();
        if (values.size() > MAX_VALUES)
            throw new IllegalArgumentException(field + ": at most " + MAX_VALUES + " values, was " + values.size());
        for (Double v : values)
            if (v != null && v.isInfinite())
                throw new IllegalArgumentException(field + ": values must be finite numbers or null, was " + v);
        return Collections.unmodifiableList(new ArrayList<>(values));
    }
}
