package dev.gantry.server.releases;

import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentState;
import java.util.ArrayList;
import java.util.List;

/**
 * One deployment (deploy, rollback, scale or stop) as it goes: its state and the progress lines a
 * client streams back. Thread-safe; progress is appended by the worker and read by the API.
 */
public final class DeploymentProgress {
  private final String id;
  private final String app;
  private final int release;
  private final List<String> lines = new ArrayList<>();
  private DeploymentState state = DeploymentState.BUILDING;
  private String message = "";

  public DeploymentProgress(String id, String app, int release) {
    this.id = id;
    this.app = app;
    this.release = release;
  }

  public String id() {
    return id;
  }

  public String app() {
    return app;
  }

  public int release() {
    return release;
  }

  public synchronized void log(String line) {
    lines.add(line);
  }

  public synchronized void state(DeploymentState newState, String newMessage) {
    state = newState;
    message = newMessage;
    lines.add(newState.name().toLowerCase().replace('_', ' ') + (newMessage.isEmpty() ? "" : ": " + newMessage));
  }

  public synchronized boolean done() {
    return state.done();
  }

  /** What a client polling from line {@code from} sees. */
  public synchronized Deployment view(int from) {
    int start = Math.max(0, Math.min(from, lines.size()));
    return new Deployment(id, app, release, state, message, List.copyOf(lines.subList(start, lines.size())), lines.size());
  }
}
