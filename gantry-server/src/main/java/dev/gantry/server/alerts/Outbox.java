package dev.gantry.server.alerts;

import dev.gantry.api.Json;
import dev.gantry.api.alerts.Notification;
import dev.gantry.server.store.Redis;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications waiting to be delivered, in Redis so none is lost when a control plane stops: a sorted set
 * {@code gantry:alerts:outbox} of deliveries (one per route) scored by when each is due. A control plane takes a
 * due delivery by pushing its due time {@link #LEASE} ahead (atomically, so two never take one), sends it, and
 * removes it; a failed one comes back with its attempt counted and a backoff doubling from 1 s up to
 * {@link #MAX_BACKOFF}; one taken by a control plane that died is due again when its lease ends.
 */
final class Outbox {
    static final String KEY = "gantry:alerts:outbox";
    static final Duration LEASE = Duration.ofMinutes(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    private static final String TAKE = "local s = redis.call('ZSCORE', KEYS[1], ARGV[1]) "
            + "if s and tonumber(s) <= tonumber(ARGV[2]) then redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1]) return 1 end "
            + "return 0";
    private static final String RETRY = "if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then "
            + "redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2]) return 1 end return 0";

    /** One notification for one route; {@code key} makes it unique in the set. */
    record Delivery(String key, String route, int attempts, Notification notification) {}

    private final Redis redis;
    private final Clock clock;

    Outbox(Redis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    void add(String route, Notification n) {
        Delivery d = new Delivery(UUID.randomUUID().toString(), route, 0, n);
        redis.sync().zadd(KEY, clock.millis(), Json.write(d));
    }

    /** Sends what is due now through {@code notifiers}; answers how many were delivered. */
    int deliverDue(Notifiers notifiers) {
        long now = clock.millis();
        List<String> due = redis.sync().zrangebyscore(KEY, Range.create(0, (double) now));
        int sent = 0;
        for (String member : due) {
            if (!take(member, now)) continue;
            Delivery d = Json.read(member, Delivery.class);
            Notifier n = notifiers.get(d.route());
            if (n == null) {
                log.warn(
                        "dropping a notification for a route no longer configured route={} id={}",
                        d.route(),
                        d.notification().id());
                redis.sync().zrem(KEY, member);
                continue;
            }
            try {
                n.send(d.notification());
                redis.sync().zrem(KEY, member);
                sent++;
            } catch (IOException | RuntimeException e) {
                retry(member, d, now, e);
            }
        }
        return sent;
    }

    /** How many deliveries wait (due or not). */
    long size() {
        return redis.sync().zcard(KEY);
    }

    private boolean take(String member, long now) {
        Long won = redis.sync()
                .eval(
                        TAKE,
                        ScriptOutputType.INTEGER,
                        new String[] {KEY},
                        member,
                        String.valueOf(now),
                        String.valueOf(now + LEASE.toMillis()));
        return won != null && won == 1;
    }

    private void retry(String member, Delivery d, long now, Exception e) {
        int attempts = d.attempts() + 1;
        long backoff = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(attempts - 1, 16));
        Delivery next = new Delivery(d.key(), d.route(), attempts, d.notification());
        redis.sync()
                .eval(
                        RETRY,
                        ScriptOutputType.INTEGER,
                        new String[] {KEY},
                        member,
                        Json.write(next),
                        String.valueOf(now + backoff));
        log.warn(
                "notification not delivered, retrying route={} id={} attempts={} in={}ms error={}",
                d.route(),
                d.notification().id(),
                attempts,
                backoff,
                e.toString());
    }
}
