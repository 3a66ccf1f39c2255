package dev.gantry.server.alerts;

import dev.gantry.api.Json;
import dev.gantry.api.alerts.Alert;
import dev.gantry.server.store.Redis;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.util.ArrayList;
import java.util.List;

/**
 * The incidents in Redis, where control planes sharing it agree on who tells what: each transition is claimed
 * atomically, and only the claimer notifies, so an incident is told once however many control planes watch it.
 *
 * <pre>
 * gantry:alerts:incident:{rule}|{group}  the firing incident (JSON), SET NX by the control plane that fires it
 * gantry:alerts:repeat:{id}:{n}          the n-th repeat of an incident, SET NX, expires
 * gantry:alerts:resolved                 the last {@link #RESOLVED_CAP} resolved alerts (JSON), newest first
 * </pre>
 */
final class IncidentLedger {
    static final int RESOLVED_CAP = 100;
    private static final String PREFIX = "gantry:alerts:incident:";
    /** Deletes the incident only if it is still the one this control plane fired or took up: 1 when it did. */
    private static final String RESOLVE =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end return 0";

    /** An incident as stored. */
    record Claimed(String id, String rule, String group, long firedAt, String app, String host) {}

    private final Redis redis;

    IncidentLedger(Redis redis) {
        this.redis = redis;
    }

    /** Claims the firing of {@code i}: true when this control plane won and tells it; either way {@code i.id} is set. */
    boolean fire(Incident i) {
        Claimed mine = new Claimed(i.rule + ":" + i.group + ":" + i.firedAt, i.rule, i.group, i.firedAt, i.app, i.host);
        String json = Json.write(mine);
        String key = key(i.rule, i.group);
        if ("OK".equals(redis.sync().set(key, json, SetArgs.Builder.nx()))) {
            i.id = json;
            return true;
        }
        String theirs = redis.sync().get(key);
        if (theirs == null) return fire(i); // resolved meanwhile: this is a new incident
        i.id = theirs;
        i.firedAt = Json.read(theirs, Claimed.class).firedAt();
        return false;
    }

    /** Claims the resolution: true when this control plane removed the incident and tells it. */
    boolean resolve(Incident i) {
        if (i.id == null) return false;
        Long won = redis.sync().eval(RESOLVE, ScriptOutputType.INTEGER, new String[] {key(i.rule, i.group)}, i.id);
        return won != null && won == 1;
    }

    /** Claims the {@code i.repeats}-th repeat: true when it is still firing and no one told it yet. */
    boolean repeat(Incident i) {
        if (i.id == null || !i.id.equals(redis.sync().get(key(i.rule, i.group)))) return false;
        String key = "gantry:alerts:repeat:" + claimed(i).id() + ":" + i.repeats;
        return "OK".equals(redis.sync().set(key, "1", SetArgs.Builder.nx().ex(7 * 86_400)));
    }

    /** Every incident firing now, as stored: a starting control plane takes them up so they resolve. */
    List<Claimed> firing() {
        List<Claimed> out = new ArrayList<>();
        for (String key : redis.sync().keys(PREFIX + "*")) {
            String json = redis.sync().get(key);
            if (json != null) out.add(Json.read(json, Claimed.class));
        }
        return out;
    }

    void resolved(Alert alert) {
        redis.sync().lpush("gantry:alerts:resolved", Json.write(alert));
        redis.sync().ltrim("gantry:alerts:resolved", 0, RESOLVED_CAP - 1);
    }

    List<Alert> resolved() {
        return redis.sync().lrange("gantry:alerts:resolved", 0, RESOLVED_CAP - 1).stream()
                .map(j -> Json.read(j, Alert.class))
                .toList();
    }

    static Claimed claimed(Incident i) {
        return Json.read(i.id, Claimed.class);
    }

    private static String key(String rule, String group) {
        return PREFIX + rule + "|" + group;
    }
}
