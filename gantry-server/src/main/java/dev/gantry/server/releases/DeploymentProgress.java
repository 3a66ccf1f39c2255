package dev.gantry.server.releases;

import java.util.ArrayList;
import java.util.List;

/**
 * One deploy (or rollback) as it goes: its state and the progress lines a client streams back.
 * Thread-safe; progress is appended by the worker and read by the API.
 */
public final class Deployment {
  public enum State { BUILDING, TESTING, ROLLING_OUT, SUCCEEDED, FAILED }

  private final String id;
  private final String app;
  private final int release;
  private final List<String> lines = new ArrayList<>();
  private State state = State.BUILDING;
  private String message = "";

  public Deployment(String id, String app, int release) {
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

  public synchronized void state(State newState, String newMessage) {
    state = newState;
    message = newMessage;
    lines.add(newState.name().toLowerCase().replace('_', ' ') + (newMessage.isEmpty() ? "" : ": " + newMessage));
  }

  public synchronized boolean done() {
    return state == State.SUCCEEDED || state == State.FAILED;
  }

  /** What a client polling from line {@code from} sees. */
  public synchronized View view(int from) {
    int start = Math.max(0, Math.min(from, lines.size()));
    return new View(id, app, release, state, message, List.copyOf(lines.subList(start, lines.size())), lines.size());
  }

  public record View(String id, String app, int release, State state, String message, List<String> lines, int next) {
  }
}
