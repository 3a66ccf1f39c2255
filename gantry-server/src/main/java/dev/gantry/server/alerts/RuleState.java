package dev.gantry.server.alerts;

import dev.gantry.api.alerts.AlertRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state machine of one rule over its groups: inactive → pending (a subject breaches) → firing (a subject has
 * breached for the rule's {@code for}) → resolved (no subject breaches). Pure: fed readings and the time, it
 * answers the transitions; {@link Alerts} claims and tells them.
 */
final class RuleState {
    enum Kind {
        FIRING,
        RESOLVED,
        REPEAT
    }

    record Transition(Kind kind, Incident incident) {}

    final AlertRule rule;
    private final Map<String, Long> breachedSince = new HashMap<>();
    final Map<String, Incident> incidents = new LinkedHashMap<>();

    RuleState(AlertRule rule) {
        this.rule = rule;
    }

    /** Takes the readings at {@code now}; {@code repeatMillis} 0 never repeats. */
    List<Transition> evaluate(List<Reading> readings, long now, long repeatMillis) {
        long hold = rule.holdDuration().toMillis();
        Set<String> seen = new HashSet<>();
        Map<String, List<Reading>> breachingByGroup = new LinkedHashMap<>();
        for (Reading r : readings) {
            if (!rule.breached(r.value())) continue;
            seen.add(r.subject());
            breachedSince.putIfAbsent(r.subject(), now);
            breachingByGroup.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r);
        }
        breachedSince.keySet().retainAll(seen);
        List<Transition> out = new ArrayList<>();
        for (var e : breachingByGroup.entrySet()) {
            Incident i = incidents.computeIfAbsent(e.getKey(), g -> new Incident(rule.name(), g, now));
            i.values.clear();
            boolean held = false;
            for (Reading r : e.getValue()) {
                i.values.put(r.subject(), r.value());
                i.app = r.app();
                i.host = i.host == null ? r.host() : i.host;
                held |= now - breachedSince.get(r.subject()) >= hold;
            }
            if (i.state == Incident.State.PENDING && held) {
                i.state = Incident.State.FIRING;
                i.firedAt = now;
                out.add(new Transition(Kind.FIRING, i));
            } else if (i.state == Incident.State.FIRING && repeatMillis > 0) {
                long n = (now - i.firedAt) / repeatMillis;
                if (n > i.repeats) {
                    i.repeats = n;
                    out.add(new Transition(Kind.REPEAT, i));
                }
            }
        }
        var it = incidents.values().iterator();
        while (it.hasNext()) {
            Incident i = it.next();
            if (breachingByGroup.containsKey(i.group)) continue;
            it.remove();
            if (i.state == Incident.State.FIRING) out.add(new Transition(Kind.RESOLVED, i));
        }
        return out;
    }

    /** Takes up an incident another control plane (or this one, before a restart) fired: it resolves here too. */
    void adopt(Incident firing) {
        incidents.putIfAbsent(firing.group, firing);
    }
}
