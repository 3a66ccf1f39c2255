package dev.gantry.server.dashboard;

import dev.gantry.api.MetricSeries;
import dev.gantry.server.dashboard.Samples.Traffic;
import dev.gantry.server.metrics.Metric;
import dev.gantry.server.metrics.SeriesStore;
import dev.gantry.server.metrics.Subject;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * The routers' traffic of one second, per app and per instance, read from the series the control plane keeps
 * ({@link SeriesStore}): the last second that ended at least a second ago, so that every router has reported it.
 */
final class TrafficReader {
    private final SeriesStore series;

    TrafficReader(SeriesStore series) {
        this.series = series;
    }

    /** One second's traffic: by app, and by instance for the instances that had any. */
    record Second(Map<String, Traffic> apps, Map<String, Traffic> instances) {}

    Second read(Collection<String> apps, Collection<String> instances, long now) {
        long to = (now / 1000 - 1) * 1000;
        Map<String, Traffic> byApp = new TreeMap<>();
        for (String app : apps) {
            Traffic t = traffic(new Subject(Subject.Scope.APP, app), to);
            if (t != null) byApp.put(app, t);
        }
        Map<String, Traffic> byInstance = new TreeMap<>();
        for (String id : instances) {
            Traffic t = traffic(new Subject(Subject.Scope.INSTANCE, id), to);
            if (t != null) byInstance.put(id, t);
        }
        return new Second(byApp, byInstance);
    }

    /** Null when no router sent a request of the subject in the second. */
    private Traffic traffic(Subject subject, long to) {
        Double requests = value(subject, Metric.REQUESTS, to);
        if (requests == null) return null;
        Double errors = value(subject, Metric.ERRORS, to);
        Double errorRate = requests > 0 && errors != null ? errors / requests : null;
        return new Traffic(requests, errorRate, value(subject, Metric.P99, to));
    }

    private Double value(Subject subject, Metric m, long to) {
        MetricSeries s = series.read(subject, m, SeriesStore.Step.SECOND, to - 1000, to);
        return s.values().isEmpty() ? null : s.values().getFirst();
    }
}
