package dev.gantry.cli;

import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "releases", description = "List APP's releases, newest first.")
final class ReleasesCommand implements Callable<Integer> {
  @Mixin
  ApiOptions api;

  @Parameters(index = "0", description = "app")
  String app;

  @Override
  public Integer call() {
    int live = api.client().get("/api/v1/apps/" + app).path("release").asInt();
    Table t = new Table("RELEASE", "STATUS", "CREATED", "SOURCE", "MESSAGE");
    api.client().get("/api/v1/apps/" + app + "/releases").forEach(r -> t.row(
        r.path("number").asInt() + (r.path("number").asInt() == live ? " (live)" : ""), r.path("status").asText(),
        Instant.ofEpochMilli(r.path("createdAt").asLong()).toString(), r.path("source").asText(), r.path("message").asText()));
    t.print(System.out);
    return 0;
  }
}
