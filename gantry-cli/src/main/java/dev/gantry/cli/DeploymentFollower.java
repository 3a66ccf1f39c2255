package dev.gantry.cli;

import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.client.ControlPlaneClient;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

/** Streams a deployment's progress lines until it ends; the exit code says how it ended. */
final class DeploymentFollower {
  private DeploymentFollower() {
  }

  static int follow(ControlPlaneClient api, DeploymentAccepted accepted, PrintStream out) throws IOException {
    int from = 0;
    while (true) {
      Deployment view = api.get("/api/v1/deployments/" + accepted.deployment() + "?from=" + from, Deployment.class);
      view.lines().forEach(l -> out.println("  " + l));
      from = view.next();
      if (view.state() == DeploymentState.SUCCEEDED) return 0;
      if (view.state() == DeploymentState.FAILED) throw new CliException(view.message() == null ? "failed" : view.message());
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
