package dev.gantry.server.releases;

import dev.gantry.api.InstanceSpec;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.Release;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.apps.AppRecord;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.apps.Placement;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes what runs, one instance at a time, so that the app keeps serving: a new instance takes
 * traffic only once its agent reports it READY; an old one is drained (weight 0, no new requests)
 * for the drain delay before it is stopped. A new instance that does not become ready fails the
 * rolling update, is removed, and the old instances go on serving. (Not the flags' percentage
 * {@code Rollout}: this is the rolling deploy.)
 */
public final class RollingUpdate {
  private static final Logger log = LoggerFactory.getLogger(RollingUpdate.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private final AppStore store;
  private final Fleet fleet;
  private final Scheduler scheduler;
  private final Runnable changed;
  private final Clock clock;
  private final Duration drainDelay;
  private final java.util.function.Supplier<java.util.Map<String, String>> platformEnv;

  /** {@code platformEnv}: what every instance gets besides its gantry.yml env (which wins on a clash). */
  public RollingUpdate(AppStore store, Fleet fleet, Runnable changed, Clock clock, Duration drainDelay,
                 java.util.function.Supplier<java.util.Map<String, String>> platformEnv) {
    this.store = store;
    this.fleet = fleet;
    this.scheduler = new Scheduler(fleet);
    this.changed = changed;
    this.clock = clock;
    this.drainDelay = drainDelay;
    this.platformEnv = platformEnv;
  }

  /** Replaces every instance of the app with instances of {@code release}, surge one, none unavailable. */
  public void deploy(AppRecord app, Release release, int count, Consumer<String> progress) throws RollingUpdateException {
    List<Placement> old = new ArrayList<>(store.placements(app.name()).stream()
        .sorted(Comparator.comparing(Placement::createdAt)).toList());
    List<Placement> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Placement p = place(release);
      started.add(p);
      progress.accept("starting " + p.id() + " on " + p.host());
      try {
        awaitReady(p, release.spec().healthTimeout());
      } catch (RollingUpdateException e) {
        started.forEach(s -> store.remove(s.id()));
        changed.run();
        throw e;
      }
      progress.accept(p.id() + " is ready");
      if (!old.isEmpty()) retire(List.of(old.removeFirst()), progress);
    }
    retire(old, progress);
  }

  /** Adds or retires instances of the live release until {@code count} run. */
  public void scale(AppRecord app, Release release, int count, Consumer<String> progress) throws RollingUpdateException {
    List<Placement> current = store.placements(app.name()).stream()
        .filter(p -> !p.draining()).sorted(Comparator.comparing(Placement::createdAt)).toList();
    if (count < current.size()) {
      retire(current.subList(count, current.size()), progress);
      return;
    }
    List<Placement> added = new ArrayList<>();
    for (int i = current.size(); i < count; i++) {
      Placement p = place(release);
      added.add(p);
      progress.accept("starting " + p.id() + " on " + p.host());
    }
    for (Placement p : added) awaitReady(p, release.spec().healthTimeout());
  }

  /** Drains and stops every instance of the app. */
  public void stop(String app, Consumer<String> progress) {
    retire(store.placements(app), progress);
  }

  private Placement place(Release release) {
    var spec = release.spec();
    String id = release.app() + "-r" + release.number() + "-" + suffix();
    java.util.Map<String, String> env = new java.util.LinkedHashMap<>(platformEnv.get());
    env.putAll(spec.env());
    InstanceSpec instance = new InstanceSpec(id, release.app(), release.number(), spec.run(), spec.health(),
        env, (int) Math.max(1, spec.grace().toSeconds()));
    Placement p = new Placement(instance, scheduler.pick(store.placements()), false, clock.millis());
    store.put(p);
    return p;
  }

  private void retire(List<Placement> placements, Consumer<String> progress) {
    if (placements.isEmpty()) return;
    placements.forEach(p -> store.put(p.drain()));
    changed.run();
    placements.forEach(p -> progress.accept("draining " + p.id()));
    pause(drainDelay);
    placements.forEach(p -> store.remove(p.id()));
    changed.run();
    placements.forEach(p -> progress.accept("stopped " + p.id()));
  }

  private void awaitReady(Placement p, Duration timeout) throws RollingUpdateException {
    long deadline = clock.millis() + timeout.toMillis();
    Optional<InstanceStatus> last = Optional.empty();
    while (clock.millis() < deadline) {
      last = fleet.status(p.id());
      if (last.isPresent() && last.get().state() == InstanceState.READY) {
        changed.run();
        return;
      }
      if (last.isPresent() && (last.get().state() == InstanceState.CRASH_LOOP || last.get().state() == InstanceState.FAILED)) {
        throw new RollingUpdateException("instance " + p.id() + " failed: " + last.get().state() + ", " + last.get().message());
      }
      pause(Duration.ofMillis(200));
    }
    String seen = last.map(s -> "last state " + s.state() + (s.message() == null || s.message().isEmpty() ? "" : ", " + s.message()))
        .orElse("its agent never reported it");
    log.warn("instance not ready app={} instance={} timeout={}", p.app(), p.id(), timeout);
    throw new RollingUpdateException("instance " + p.id() + " did not become ready within " + timeout.toSeconds()
        + "s (" + seen + "); the previous instances keep serving");
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String suffix() {
    String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 4; i++) b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    return b.toString();
  }

  /** A rolling update that stopped; its message says why, for the person who deployed. */
  public static final class RollingUpdateException extends Exception {
    public RollingUpdateException(String message) {
      super(message);
    }
  }
}
