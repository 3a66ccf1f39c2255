package dev.gantry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;

/** Streams a deployment's progress lines until it ends; the exit code says how it ended. */
final class DeploymentFollower {
  private DeploymentFollower() {
  }

  static int follow(ApiClient api, JsonNode accepted, PrintStream out) {
    String id = accepted.path("deployment").asText();
    int from = 0;
    while (true) {
      JsonNode view = api.get("/api/v1/deployments/" + id + "?from=" + from);
      view.path("lines").forEach(l -> out.println("  " + l.asText()));
      from = view.path("next").asInt(from);
      String state = view.path("state").asText();
      if (state.equals("SUCCEEDED")) return 0;
      if (state.equals("FAILED")) throw new CliException(view.path("message").asText("failed"));
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(Duration.ofMillis(300));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
  }
}
