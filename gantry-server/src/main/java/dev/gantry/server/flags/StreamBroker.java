package dev.gantry.server.flags;

import dev.gantry.flags.FlagSet;
import io.lettuce.core.RedisClient;
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
 */
final class StreamBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamBroker.class);
  private static final long CHECK_EVERY_NANOS = Duration.ofSeconds(2).toNanos();
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
  private long snapshotsVersion = -1;
  private long lastCheck = System.nanoTime();

  StreamBroker(FlagStore store, RedisClient pubsubClient, ScheduledExecutorService timer, Duration pingEvery, int recent) {
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
    });
    pubsub.sync().subscribe(FlagStore.CHANNEL);
    live.reset(store.snapshot());
    dispatcher = Thread.ofPlatform().daemon().name("gantry-flags-broker").start(this::run);
    long ping = pingEvery.toMillis();
    timer.scheduleAtFixedRate(this::ping, ping, ping, TimeUnit.MILLISECONDS);
    log.info("flag stream broker started version={}", live.version());
  }

  /** All flags and segments as this control plane currently knows them (used for evaluation). */
  FlagSet current() {
    return live.current();
  }

  /** Registers a stream; it gets a snapshot, or the changes after {@code lastEventId}, then every change. */
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
        if (System.nanoTime() - lastCheck > CHECK_EVERY_NANOS && inbox.isEmpty()) checkVersion();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.warn("flag stream broker step failed version={} error={}", live.version(), e.toString());
      }
    }
  }

  private void onChange(Change c) {
    if (c.version() <= live.version()) return;
    if (c.version() > live.version() + 1) catchUp();
    if (c.version() == live.version() + 1) publish(c);
  }

  private void publish(Change c) {
    live.apply(c);
    subscribers.forEach((env, clients) -> {
      if (clients.isEmpty()) return;
      fanOut.send(clients, Frames.change(c, env));
    });
  }

  /** A message was missed (Redis reconnect): replay the log, or resynchronise everyone with a snapshot. */
  private void catchUp() {
    List<Change> missed = store.changesAfter(live.version());
    if (missed != null) {
      log.info("flag stream broker replaying missed changes from={} count={}", live.version(), missed.size());
      for (Change m : missed) if (m.version() == live.version() + 1) publish(m);
      return;
    }
    live.reset(store.primarySnapshot());
    log.warn("flag stream broker resynchronised from a snapshot version={}", live.version());
    subscribers.forEach((env, clients) -> {
      byte[] frame = snapshotFrame(env);
      for (StreamClient client : clients) client.offer(frame);
    });
  }

  private void checkVersion() {
    lastCheck = System.nanoTime();
    if (store.version() > live.version()) catchUp();
  }

  private void onOpen(Open o) {
    StreamClient client = o.client();
    if (client.isClosed()) return;
    client.offer(Frames.PING);
    List<Change> missed = missedSince(o.lastEventId());
    if (missed == null) {
      client.offer(snapshotFrame(client.env()));
    } else {
      for (Change c : missed) client.offer(Frames.change(c, client.env()));
    }
    Set<StreamClient> set = subscribers.computeIfAbsent(client.env(), e -> ConcurrentHashMap.newKeySet());
    set.add(client);
    client.onClose(() -> set.remove(client));
    if (client.isClosed()) set.remove(client);
  }

  private List<Change> missedSince(Long lastEventId) {
    if (lastEventId == null || lastEventId > live.version()) return null;
    List<Change> missed = live.recentAfter(lastEventId);
    if (missed != null) return missed;
    List<Change> fromLog = store.changesAfter(lastEventId);
    if (fromLog == null) return null;
    long upTo = live.version();
    return fromLog.stream().filter(c -> c.version() <= upTo).toList();
  }

  private byte[] snapshotFrame(String env) {
    if (snapshotsVersion != live.version()) {
      snapshots.clear();
      snapshotsVersion = live.version();
    }
    return snapshots.computeIfAbsent(env, e -> Frames.snapshot(live.current(), e));
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

  private record Open(StreamClient client, Long lastEventId) {
  }
}
