package dev.gantry.api;

import java.util.List;

/**
 * One metric of one subject over time, as the control plane keeps it ({@code GET /api/v1/series}): the
 * value of step {@code i} is {@code values[i]}, for the step starting at {@code from + i * stepMillis}.
 *
 * @param scope      instance, host, app or release
 * @param subject    the instance id, host name, app name, or {@code app@release}
 * @param metric     cpu, memory, requests, errors, p50, p95, p99, restarts or ready
 * @param step       1s or 1m
 * @param from       epoch millis the first step starts at
 * @param stepMillis the length of a step
 * @param values     one per step, null where nothing was recorded
 */
public record MetricSeries(
        String scope, String subject, String metric, String step, long from, long stepMillis, List<Double> values) {
    public MetricSeries {
        values = values == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }
}
