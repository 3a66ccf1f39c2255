package dev.gantry.server.flags;

import dev.gantry.flags.FlagSet;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans the change stream out to every open SSE stream of this control plane. It listens on the
 * Redis channel (so writes made through any control plane arrive), applies each change in
 * version order to {@link LiveFlags} on one dispatcher thread, fills gaps from the change log,
 * and queues one pre-rendered frame per environment to each client. A new stream is registered
 * on the same thread, so between its snapshot (or catch-up) and the live deltas nothing is lost
 * or reordered.
 *
 * <p>It compares its copy with the store every 2 s, when pub/sub (re)subscribes (after a Redis
 * reconnect or failover) and when a change does not follow on: missed changes are replayed from
 * the log; a store with another id, or one that lost changes this copy has (see {@link StoreId}),
 * is followed by sending every stream a snapshot.
 */
final class StreamBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamBroker.class);
    private static final long CHECK_EVERY_NANOS = Duration.ofSeconds(2).toNanos();
    /** Inbox item: compare with the store now. */
    private static final Object CHECK = new Object();

    private final FlagStore store;
    private final RedisClient pubsubClient;
    private final ScheduledExecutorService timer;
    private final Duration pingEvery;
    private final LiveFlags live;
    private final FanOut fanOut = new FanOut(Runtime.getRuntime().availableProcessors());
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Map<String, Set<StreamClient>> subscribers = new ConcurrentHashMap<>();
    private final Map<String, byte[]> snapshots = new HashMap<>();
    private volatile boolean running = true;
    private StatefulRedisPubSubConnection<String, String> pubsub;
    private Thread dispatcher;
    private FlagSet snapshotsOf;
    private long lastCheck = System.nanoTime();

    StreamBroker(
            FlagStore store, RedisClient pubsubClient, ScheduledExecutorService timer, Duration pingEvery, int recent) {
        this.store = store;
        this.pubsubClient = pubsubClient;
        this.timer = timer;
        this.pingEvery = pingEvery;
        this.live = new LiveFlags(recent);
    }

    /** Subscribes first, then loads the snapshot, then starts applying what arrived meanwhile. */
    void start() {
        pubsub = pubsubClient.connectPubSub();
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                try {
                    inbox.add(Change.parse(message));
                } catch (RuntimeException e) {
                    log.warn("ignoring malformed flag change message={} error={}", message, e.toString());
                }
            }

            /** Also after every reconnect: what was published meanwhile was not received. */
            @Override
            public void subscribed(String channel, long count) {
                log.info("flag change subscription active channel={}", channel);
                inbox.add(CHECK);
            }
        });
        pubsub.sync().subscribe(FlagStore.CHANNEL);
        live.reset(firstSnapshot());
        dispatcher = Thread.ofPlatform().daemon().name("gantry-flags-broker").start(this::run);
        long ping = pingEvery.toMillis();
        timer.scheduleAtFixedRate(this::ping, ping, ping, TimeUnit.MILLISECONDS);
        log.info("flag stream broker started store={} version={}", live.storeId(), live.version());
    }

    /** From the read side, unless it does not have the store's id yet (a replica just behind a new store). */
    private FlagStore.Snapshot firstSnapshot() {
        String storeId = store.head(0).storeId();
        FlagStore.Snapshot snapshot = store.snapshot();
        return storeId.equals(snapshot.storeId()) ? snapshot : store.primarySnapshot();
    }

    /** All flags and segments as this control plane currently knows them (used for evaluation). */
    FlagSet current() {
        return live.current();
    }

    /**
     * Registers a stream; it gets a snapshot, or the changes after {@code lastEventId} when the store
     * the client names (if it names one) is this one, then every change.
     */
    void open(StreamClient client, Long lastEventId) {
        inbox.add(new Open(client, lastEventId));
    }

    int clientCount() {
        return subscribers.values().stream().mapToInt(Set::size).sum();
    }

    private void run() {
        while (running) {
            try {
                Object item = inbox.poll(500, TimeUnit.MILLISECONDS);
                if (item instanceof Change c) onChange(c);
                else if (item instanceof Open o) onOpen(o);
                else if (item == CHECK) verify();
                if (System.nanoTime() - lastCheck > CHECK_EVERY_NANOS && inbox.isEmpty() && redisConnected()) verify();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("flag stream broker step failed version={} error={}", live.version(), e.toString());
            }
        }
    }

    /** The next change is applied; a gap, or an old version that is not a duplicate, sends us to the store. */
    private void onChange(Change c) {
        if (c.version() == live.version() + 1) publish(c);
        else if (c.version() > live.version() || !live.applied(c)) verify();
    }

    private void publish(Change c) {
        live.apply(c);
        subscribers.forEach((env, clients) -> {
            if (clients.isEmpty()) return;
            fanOut.send(clients, Frames.change(c, env));
        });
    }

    /**
     * Compares this copy with the store and follows it: replays missed changes, or starts over from
     * a snapshot when the store has another id, or lost changes this copy applied (its version is
     * lower, or the log holds another change at this copy's version): then it gets a new id first.
     */
    private void verify() {
        lastCheck = System.nanoTime();
        FlagStore.Head head = store.head(live.version());
        if (!head.storeId().equals(live.storeId())) {
            resync("the store has a new id");
        } else if (lostChanges(head)) {
            String replaced = live.storeId();
            String now = store.replaceId(replaced);
            log.warn(
                    "flag store lost changes this control plane applied, new store id old={} new={} storeVersion={} applied={}",
                    replaced,
                    now,
                    head.version(),
                    live.version());
            resync("the store lost changes");
        } else if (head.version() > live.version()) {
            catchUp();
        }
    }

    private boolean lostChanges(FlagStore.Head head) {
        Change last = live.last();
        return head.version() < live.version()
                || last != null && head.logged() != null && !head.logged().equals(last);
    }

    /** Changes were missed (a Redis reconnect): replay the log, or resynchronise everyone with a snapshot. */
    private void catchUp() {
        List<Change> missed = store.changesAfter(live.version());
        if (missed == null) {
            resync("the change log no longer reaches back to version " + live.version());
            return;
        }
        log.info("flag stream broker replaying missed changes from={} count={}", live.version(), missed.size());
        for (Change m : missed) if (m.version() == live.version() + 1) publish(m);
    }

    private void resync(String reason) {
        live.reset(store.primarySnapshot());
        log.warn(
                "flag stream broker resynchronised from a snapshot reason=\"{}\" store={} version={}",
                reason,
                live.storeId(),
                live.version());
        subscribers.values().forEach(clients -> clients.forEach(c -> c.offer(snapshotFrame(c))));
    }

    private void onOpen(Open o) {
        StreamClient client = o.client();
        if (client.isClosed()) return;
        client.offer(Frames.PING);
        List<Change> missed = resumable(client) ? missedSince(o.lastEventId()) : null;
        if (missed == null) {
            client.offer(snapshotFrame(client));
        } else {
            for (Change c : missed) client.offer(Frames.change(c, client.env()));
        }
        Set<StreamClient> set = subscribers.computeIfAbsent(client.env(), e -> ConcurrentHashMap.newKeySet());
        set.add(client);
        client.onClose(() -> set.remove(client));
        if (client.isClosed()) set.remove(client);
    }

    /** A client that names another store than this one gets a snapshot; one that names none (an older SDK) may resume. */
    private boolean resumable(StreamClient client) {
        return client.storeId() == null || client.storeId().equals(live.storeId());
    }

    private List<Change> missedSince(Long lastEventId) {
        if (lastEventId == null || lastEventId > live.version()) return null;
        List<Change> missed = live.recentAfter(lastEventId);
        if (missed != null || !redisConnected()) return missed;
        List<Change> fromLog;
        try {
            fromLog = store.changesAfter(lastEventId);
        } catch (RedisException e) {
            log.warn("cannot read the change log, sending a snapshot from memory error={}", e.toString());
            return null;
        }
        if (fromLog == null) return null;
        long upTo = live.version();
        return fromLog.stream().filter(c -> c.version() <= upTo).toList();
    }

    /** The current snapshot for the client's environment, with the store id for clients that sent theirs. */
    private byte[] snapshotFrame(StreamClient client) {
        if (snapshotsOf != live.current()) {
            snapshots.clear();
            snapshotsOf = live.current();
        }
        String storeId = client.storeId() == null ? null : live.storeId();
        return snapshots.computeIfAbsent(
                (storeId == null ? "-" : "+") + client.env(),
                k -> Frames.snapshot(live.current(), client.env(), storeId));
    }

    /**
     * False while the pub/sub connection is down (Redis unreachable, a failover): the dispatcher then
     * does not wait on Redis timeouts, and serves new streams from memory until it resubscribes.
     */
    private boolean redisConnected() {
        return pubsub.isOpen();
    }

    private void ping() {
        subscribers.values().forEach(clients -> clients.forEach(c -> c.offer(Frames.PING)));
    }

    @Override
    public void close() {
        running = false;
        if (dispatcher != null) dispatcher.interrupt();
        if (pubsub != null) pubsub.close();
        fanOut.close();
        subscribers.values().forEach(clients -> List.copyOf(clients).forEach(StreamClient::abandon));
    }

    private record Open(StreamClient client, Long lastEventId) {}
}
