package dev.gantry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "apps", description = "List apps: live release, instances ready of desired, route.")
final class AppsCommand implements Callable<Integer> {
  @Mixin
  ApiOptions api;

  @Override
  public Integer call() {
    Table t = new Table("APP", "RELEASE", "READY", "ROUTE");
    api.client().get("/api/v1/apps").forEach(a -> t.row(a.path("name").asText(), a.path("release").asInt(),
        a.path("ready").asInt() + "/" + a.path("instances").asInt(),
        a.path("host").asText() + (a.path("path").asText("/").equals("/") ? "" : a.path("path").asText())));
    t.print(System.out);
    return 0;
  }
}
