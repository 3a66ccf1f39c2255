package dev.gantry.server.releases;

import dev.gantry.api.AppSpec;
import dev.gantry.api.AppSpecParser;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.HistoryEvent;
import dev.gantry.api.Release;
import dev.gantry.api.ReleaseStatus;
import dev.gantry.server.apps.AppRecord;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.web.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an uploaded source tree into a numbered, immutable release and rolls it out (a rolling
 * update); also rolls
 * back, scales and stops. One operation per app at a time; a second one gets 409.
 */
public final class Deployer {
  private static final Logger log = LoggerFactory.getLogger(Deployer.class);
  private final AppStore store;
  private final RollingUpdate rollingUpdate;
  private final ReleaseBuild build;
  private final Clock clock;
  private final ExecutorService workers;
  private final Map<String, DeploymentProgress> deployments = new ConcurrentHashMap<>();
  private final Map<String, DeploymentProgress> busy = new ConcurrentHashMap<>();

  public Deployer(AppStore store, RollingUpdate rollingUpdate, Path dataDir, Clock clock, ExecutorService workers) {
    this.store = store;
    this.rollingUpdate = rollingUpdate;
    this.build = new ReleaseBuild(dataDir);
    this.clock = clock;
    this.workers = workers;
  }

  /** Validates the upload now (400 with the gantry.yml problems), then builds and rolls out in the background. */
  public DeploymentProgress deploy(Path sourceTarGz, String actor, String source) throws IOException {
    Path dir = build.unpack(sourceTarGz);
    AppSpec spec;
    try {
      Path yml = dir.resolve("gantry.yml");
      if (!Files.exists(yml)) throw new ApiException(400, "gantry.yml: not found at the top of the uploaded directory");
      spec = AppSpecParser.parse(Files.readString(yml));
      DeploymentProgress running = busy.get(spec.name());
      if (running != null) {
        throw ApiException.conflict("an operation on " + spec.name() + " is in progress (deployment " + running.id() + ")");
      }
    } catch (RuntimeException e) {
      ReleaseBuild.deleteTree(dir);
      throw e;
    }
    AppRecord app = store.app(spec.name()).orElse(new AppRecord(spec.name(), spec, 0, spec.instances(), clock.millis()));
    if (app.release() == 0) store.save(app);
    DeploymentProgress d = begin(spec.name(), store.nextReleaseNumber(spec.name()));
    Path releaseDir = build.releaseDir(spec.name(), d.release());
    Files.createDirectories(releaseDir.getParent());
    Files.move(dir, releaseDir, StandardCopyOption.ATOMIC_MOVE);
    Release release = new Release(spec.name(), d.release(), clock.millis(), source, spec, ReleaseStatus.BUILDING, "", 0);
    store.save(release);
    record(spec.name(), actor, "deploy", "release " + d.release() + " from " + source);
    run(d, () -> buildAndRollOut(d, release, releaseDir));
    return d;
  }

  /** Deploys an earlier release again, without a rebuild; with no number, the one that was live before the live one. */
  public DeploymentProgress rollback(String appName, Integer number, String actor) {
    AppRecord app = app(appName);
    Release target = Optional.ofNullable(number).map(n -> store.release(appName, n)
            .orElseThrow(() -> ApiException.notFound("release " + n + " of " + appName)))
        .orElseGet(() -> store.releases(appName).stream()
            .filter(r -> r.number() != app.release() && r.deployedAt() > 0)
            .max(java.util.Comparator.comparingLong(Release::deployedAt))
            .orElseThrow(() -> ApiException.conflict(appName + " has no earlier deployed release to roll back to")));
    if (target.status() != ReleaseStatus.READY) throw ApiException.conflict("release " + target.number() + " is " + target.status());
    DeploymentProgress d = begin(appName, target.number());
    record(appName, actor, "rollback", "to release " + target.number());
    run(d, () -> rollOut(d, app, target));
    return d;
  }

  public DeploymentProgress scale(String appName, int count, String actor) {
    if (count < 0 || count > 100) throw new ApiException(400, "instances: must be 0..100, was " + count);
    AppRecord app = app(appName);
    Release live = store.release(appName, app.release())
        .orElseThrow(() -> ApiException.conflict(appName + " has no release yet; deploy it first"));
    DeploymentProgress d = begin(appName, app.release());
    record(appName, actor, "scale", app.instances() + " -> " + count);
    run(d, () -> {
      d.state(DeploymentState.ROLLING_OUT, "scaling to " + count);
      store.save(app(appName).withInstances(count));
      rollingUpdate.scale(app, live, count, d::log);
      d.state(DeploymentState.SUCCEEDED, appName + " runs " + count + " instance(s)");
    });
    return d;
  }

  public DeploymentProgress stop(String appName, String actor) {
    AppRecord app = app(appName);
    DeploymentProgress d = begin(appName, app.release());
    record(appName, actor, "stop", "all instances");
    run(d, () -> {
      store.save(app.withInstances(0));
      rollingUpdate.stop(appName, d::log);
      d.state(DeploymentState.SUCCEEDED, appName + " stopped");
    });
    return d;
  }

  public Optional<DeploymentProgress> deployment(String id) {
    return Optional.ofNullable(deployments.get(id));
  }

  public Path artifact(String app, int release) {
    return build.artifact(app, release);
  }

  private void buildAndRollOut(DeploymentProgress d, Release release, Path dir) throws Exception {
    Release built = build.run(release, dir, d);
    store.save(built);
    if (built.status() != ReleaseStatus.READY) {
      d.state(DeploymentState.FAILED, built.message());
      return;
    }
    rollOut(d, app(release.app()), built);
  }

  private void rollOut(DeploymentProgress d, AppRecord app, Release release) throws RollingUpdate.RollingUpdateException {
    int count = app.release() == 0 ? release.spec().instances() : app.instances();
    d.state(DeploymentState.ROLLING_OUT, "release " + release.number() + " to " + count + " instance(s)");
    rollingUpdate.deploy(app, release, count, d::log);
    store.save(release.deployed(clock.millis()));
    store.save(new AppRecord(app.name(), release.spec(), release.number(), count, app.createdAt()));
    d.state(DeploymentState.SUCCEEDED, app.name() + " release " + release.number() + " is live");
  }

  private AppRecord app(String name) {
    return store.app(name).orElseThrow(() -> ApiException.notFound("app " + name));
  }

  private DeploymentProgress begin(String app, int release) {
    DeploymentProgress d = new DeploymentProgress(UUID.randomUUID().toString().substring(0, 8), app, release);
    DeploymentProgress running = busy.putIfAbsent(app, d);
    if (running != null) {
      throw ApiException.conflict("an operation on " + app + " is in progress (deployment " + running.id() + ")");
    }
    deployments.put(d.id(), d);
    return d;
  }

  private void run(DeploymentProgress d, Step step) {
    workers.submit(() -> {
      try {
        step.run();
      } catch (RollingUpdate.RollingUpdateException | IllegalStateException e) {
        d.state(DeploymentState.FAILED, e.getMessage());
      } catch (Exception e) {
        log.error("operation failed app={} deployment={}", d.app(), d.id(), e);
        d.state(DeploymentState.FAILED, e.toString());
      } finally {
        busy.remove(d.app(), d);
        if (d.done()) record(d.app(), "gantry", "result", d.view(Integer.MAX_VALUE).message());
      }
    });
  }

  private void record(String app, String actor, String action, String detail) {
    store.record(new HistoryEvent(clock.millis(), app, actor, action, detail));
  }

  private interface Step {
    void run() throws Exception;
  }
}
