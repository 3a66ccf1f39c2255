package dev.gantry.api.alerts;

/** {@code POST /api/v1/alerts/silences}: silence {@code app} for {@code for} ({@code 1h}) because of {@code reason}. */
public record SilenceRequest(
        String app,

        @com.fasterxml.jackson.annotation.JsonProperty("for")
        String duration,

        String reason) {}
