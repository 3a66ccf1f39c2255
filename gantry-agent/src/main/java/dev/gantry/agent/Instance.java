package dev.gantry.agent;

import dev.gantry.api.InstanceSpec;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One supervised instance: its spec, its process if any, and where it is in its lifecycle. Guarded by its Supervisor. */
final class Instance {
  static final int UNHEALTHY_AFTER = 3;

  private final InstanceSpec spec;
  private final CrashPolicy crashes = new CrashPolicy();
  private InstanceState state;
  private String message;
  private Process process;
  private ProcessHandle handle;
  private int port;
  private long startedAt;
  private int restarts;
  private boolean restartNext;
  private Instant nextAttempt = Instant.MIN;
  private Instant readySince;
  private int healthFailures;
  private boolean probing;
  private long generation;
  private CompletableFuture<Path> fetch;
  private ProcessTree stopping;
  private Instant killAt;
  private List<ProcessHandle> lastTree = List.of();
  private ResourceSampler.Usage usage = new ResourceSampler.Usage(0, 0);

  private Instance(InstanceSpec spec, InstanceState state, String message) {
    this.spec = spec;
    this.state = state;
    this.message = message;
  }

  static Instance desired(InstanceSpec spec) {
    return new Instance(spec, InstanceState.PREPARING, "preparing release " + spec.release());
  }

  static Instance adopted(InstanceRecord record, ProcessHandle handle) {
    Instance i = new Instance(record.spec(), InstanceState.STARTING, "adopted pid " + record.pid() + " from a previous agent run");
    i.handle = handle;
    i.port = record.port();
    i.startedAt = record.startedAt();
    i.restarts = record.restarts();
    i.lastTree = List.of(handle);
    return i;
  }

  InstanceSpec spec() {
    return spec;
  }

  String id() {
    return spec.id();
  }

  InstanceState state() {
    return state;
  }

  String message() {
    return message;
  }

  int port() {
    return port;
  }

  long generation() {
    return generation;
  }

  ProcessHandle handle() {
    return handle;
  }

  boolean hasProcess() {
    return handle != null;
  }

  boolean alive() {
    return process != null ? process.isAlive() : handle.isAlive();
  }

  boolean due(Instant now) {
    return !now.isBefore(nextAttempt);
  }

  CompletableFuture<Path> fetch() {
    return fetch;
  }

  void fetching(CompletableFuture<Path> future) {
    this.fetch = future;
  }

  void preparing() {
    state = InstanceState.PREPARING;
    fetch = null;
  }

  void started(Process started, int newPort, Instant now) {
    process = started;
    handle = started.toHandle();
    port = newPort;
    startedAt = handle.info().startInstant().orElse(now).toEpochMilli();
    if (restartNext) restarts++;
    restartNext = true;
    generation++;
    healthFailures = 0;
    probing = false;
    readySince = null;
    lastTree = List.of(handle);
    state = InstanceState.STARTING;
    message = "started pid " + handle.pid() + " on port " + port;
  }

  /** The process is gone without being asked to stop: schedule the restart. */
  void exited(Instant now) {
    String how = process != null ? "exited with code " + process.exitValue() : "exited (code unknown, adopted process)";
    CrashPolicy.Decision d = crashes.exited(now);
    clearProcess();
    restartNext = true;
    nextAttempt = now.plus(d.delay());
    String delay = d.delay().toSeconds() + "s";
    if (d.crashLoop()) {
      state = InstanceState.CRASH_LOOP;
      message = "crash loop: " + how + ", " + d.recentExits() + " exits within 60s, restarting in " + delay;
    } else {
      state = InstanceState.BACKOFF;
      message = how + ", restarting in " + delay;
    }
  }

  void failed(String why, Instant retryAt) {
    state = InstanceState.FAILED;
    message = why;
    nextAttempt = retryAt;
    fetch = null;
  }

  /** Sends SIGTERM to the process tree; false if there is no process to wait for. */
  boolean stop(Instant now) {
    if (handle == null || !alive()) {
      clearProcess();
      return false;
    }
    stopping = ProcessTree.of(handle);
    stopping.terminate();
    killAt = now.plus(Duration.ofSeconds(spec.graceSeconds()));
    state = InstanceState.STOPPING;
    message = "stopping: SIGTERM sent, SIGKILL after " + spec.graceSeconds() + "s";
    return true;
  }

  /** While stopping: SIGKILL once the grace period is over; true once the whole tree is gone. */
  boolean stopped(Instant now) {
    if (!stopping.anyAlive()) return true;
    if (!now.isBefore(killAt)) {
      stopping = stopping.refreshed();
      stopping.kill();
      message = "did not stop within " + spec.graceSeconds() + "s after SIGTERM, sent SIGKILL";
    }
    return false;
  }

  boolean startProbe() {
    if (probing || handle == null) return false;
    if (state != InstanceState.STARTING && state != InstanceState.READY && state != InstanceState.UNHEALTHY) return false;
    probing = true;
    return true;
  }

  /** Applies a probe result; true if the state changed. */
  boolean probed(long forGeneration, HealthCheck.Result result, Instant now) {
    if (forGeneration != generation) return false;
    probing = false;
    InstanceState before = state;
    if (state != InstanceState.STARTING && state != InstanceState.READY && state != InstanceState.UNHEALTHY) return false;
    if (result.healthy()) {
      healthFailures = 0;
      if (state != InstanceState.READY) {
        state = InstanceState.READY;
        readySince = now;
        message = "ready";
      }
      crashes.readySince(readySince, now);
    } else {
      healthFailures++;
      if (state == InstanceState.STARTING || healthFailures >= UNHEALTHY_AFTER) message = result.message();
      if (state == InstanceState.READY && healthFailures >= UNHEALTHY_AFTER) state = InstanceState.UNHEALTHY;
    }
    return state != before;
  }

  /** Kills what is left of the tree after the root died on its own, so no orphan keeps a port. */
  void killOrphans() {
    lastTree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    if (handle != null && Launcher.usesSetsid()) ProcessGroup.kill(handle.pid());
  }

  void observedTree(List<ProcessHandle> tree) {
    lastTree = tree;
  }

  void observed(List<ProcessHandle> tree, ResourceSampler.Usage sampled) {
    lastTree = tree;
    usage = sampled;
  }

  InstanceRecord record() {
    return new InstanceRecord(spec.id(), spec, handle.pid(), port, startedAt, restarts);
  }

  InstanceStatus status(String host, String address) {
    boolean running = handle != null;
    return new InstanceStatus(spec.id(), spec.app(), spec.release(), host, address, running ? port : 0,
        running ? handle.pid() : 0, state, restarts, running ? startedAt : 0, message,
        running ? usage.cpuPercent() : 0, running ? usage.rssBytes() : 0);
  }

  private void clearProcess() {
    process = null;
    handle = null;
    port = 0;
    probing = false;
    usage = new ResourceSampler.Usage(0, 0);
  }
}
