package dev.gantry.api.alerts;

import java.util.List;

/** {@code GET /api/v1/alerts}: alerts pending or firing now, the last resolved ones, and the silences in force. */
public record AlertList(List<Alert> alerts, List<Silence> silences) {}
