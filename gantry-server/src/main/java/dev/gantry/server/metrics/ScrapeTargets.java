package dev.gantry.server.metrics;

import dev.gantry.api.AgentReport;
import dev.gantry.api.ScrapeTarget;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.tokens.Role;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/prometheus/targets}: every part of Gantry that serves {@code /metrics}, in the JSON of
 * Prometheus's HTTP service discovery ({@code http_sd_configs}): the control plane, and each agent that reported
 * in the last {@link #LIVE}. Routers are not listed: they report traffic but not an address to reach them
 * (their {@code /_gantry/metrics} is scraped as a static target), and gantry.yml has no key for an app's own
 * metrics path, so app instances are not listed either. Readers and the metrics role.
 */
public final class ScrapeTargets {
    static final Duration LIVE = Duration.ofMinutes(2);
    private final Supplier<String> controlPlaneUrl;
    private final Fleet fleet;

    public ScrapeTargets(Supplier<String> controlPlaneUrl, Fleet fleet) {
        this.controlPlaneUrl = controlPlaneUrl;
        this.fleet = fleet;
    }

    public void register(ApiRoutes routes) {
        routes.get("/api/v1/prometheus/targets")
                .roles(Role.DEPLOYER, Role.VIEWER, Role.METRICS)
                .summary("Every Gantry /metrics endpoint, for Prometheus http_sd_configs")
                .returns(200, Content.jsonList(ScrapeTarget.class))
                .handle(ctx -> ctx.json(targets()));
    }

    List<ScrapeTarget> targets() {
        List<ScrapeTarget> out = new ArrayList<>();
        out.add(target(URI.create(controlPlaneUrl.get()), "/metrics", Map.of("gantry_component", "control-plane")));
        for (AgentReport a : fleet.live(LIVE)) {
            if (a.agentUrl() == null || a.agentUrl().isBlank()) continue;
            try {
                out.add(target(
                        URI.create(a.agentUrl()),
                        "/metrics",
                        Map.of("gantry_component", "agent", "gantry_host", a.host())));
            } catch (IllegalArgumentException e) {
                // an agent URL that is not one cannot be scraped: left out
            }
        }
        return out;
    }

    private static ScrapeTarget target(URI url, String path, Map<String, String> labels) {
        int port = url.getPort() >= 0 ? url.getPort() : url.getScheme().equals("https") ? 443 : 80;
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put("__scheme__", url.getScheme());
        all.put("__metrics_path__", path);
        return new ScrapeTarget(List.of(url.getHost() + ":" + port), all);
    }
}
