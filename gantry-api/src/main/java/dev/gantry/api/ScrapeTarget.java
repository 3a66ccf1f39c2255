package dev.gantry.api;

import java.util.List;
import java.util.Map;

/**
 * One group of Prometheus scrape targets, as Prometheus's {@code http_sd_configs} reads them
 * ({@code GET /api/v1/prometheus/targets} answers a list of these).
 *
 * @param targets {@code host:port} of each target
 * @param labels  labels of every target in the group: {@code __scheme__} and {@code __metrics_path__} say where to
 *                scrape, {@code gantry_component} (control-plane, agent) and {@code gantry_host} what it is
 */
public record ScrapeTarget(List<String> targets, Map<String, String> labels) {
    public ScrapeTarget {
        targets = targets == null ? List.of() : List.copyOf(targets);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
