package dev.gantry.server.alerts;

import java.util.Map;
import java.util.TreeMap;

/**
 * One group breaching one rule, on this control plane: pending until a subject has held for the rule's {@code for},
 * then firing until none breaches. {@code id} is the incident's name in Redis, shared by every control plane.
 */
final class Incident {
    enum State {
        PENDING,
        FIRING
    }

    final String rule;
    final String group;
    State state = State.PENDING;
    final long since;
    String id;
    long firedAt;
    long repeats;
    String app;
    String host;
    /** Breaching subjects and their latest values. */
    final Map<String, Double> values = new TreeMap<>();

    Incident(String rule, String group, long since) {
        this.rule = rule;
        this.group = group;
        this.since = since;
    }
}
