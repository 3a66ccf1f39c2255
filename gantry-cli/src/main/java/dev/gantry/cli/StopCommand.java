package dev.gantry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "stop", description = "Drain and stop every instance of APP (its releases stay).")
final class StopCommand implements Callable<Integer> {
  @Mixin
  ApiOptions api;

  @Parameters(index = "0", description = "app")
  String app;

  @Override
  public Integer call() {
    var accepted = api.client().post("/api/v1/apps/" + app + "/stop");
    return DeploymentFollower.follow(api.client(), accepted, System.out);
  }
}
