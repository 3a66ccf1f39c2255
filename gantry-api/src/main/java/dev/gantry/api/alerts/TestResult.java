package dev.gantry.api.alerts;

import java.util.List;

/** {@code POST /api/v1/alerts/test}: what sending a test notification through each route gave. */
public record TestResult(List<Sent> routes) {
    /** One route: {@code error} null when it was delivered. */
    public record Sent(String route, String kind, boolean delivered, String error) {}
}
