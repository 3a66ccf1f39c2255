package dev.gantry.cli;

import dev.gantry.api.AppSummary;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "apps", description = "List apps: live release, instances ready of desired, route.")
final class AppsCommand implements Callable<Integer> {
  @Mixin
  ApiOptions api;

  @Override
  public Integer call() throws Exception {
    Table t = new Table("APP", "RELEASE", "READY", "ROUTE");
    for (AppSummary a : api.client().getList("/api/v1/apps", AppSummary.class)) {
      t.row(a.name(), a.release(), a.ready() + "/" + a.instances(), a.host() + ("/".equals(a.path()) ? "" : a.path()));
    }
    t.print(System.out);
    return 0;
  }
}
