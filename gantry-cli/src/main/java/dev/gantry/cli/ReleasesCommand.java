package dev.gantry.cli;

import dev.gantry.api.AppSummary;
import dev.gantry.api.Release;
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
  public Integer call() throws Exception {
    int live = api.client().get("/api/v1/apps/" + app, AppSummary.class).release();
    Table t = new Table("RELEASE", "STATUS", "CREATED", "SOURCE", "MESSAGE");
    for (Release r : api.client().getList("/api/v1/apps/" + app + "/releases", Release.class)) {
      t.row(r.number() + (r.number() == live ? " (live)" : ""), r.status(), Instant.ofEpochMilli(r.createdAt()),
          r.source(), r.message() == null ? "" : r.message());
    }
    t.print(System.out);
    return 0;
  }
}
