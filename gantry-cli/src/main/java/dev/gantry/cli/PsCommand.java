package dev.gantry.cli;

import dev.gantry.api.InstanceView;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "ps", description = "List instances: id, host, port, state, release, uptime.")
final class PsCommand implements Callable<Integer> {
  @Mixin
  ApiOptions api;

  @Parameters(index = "0", arity = "0..1", description = "only this app")
  String app;

  @Override
  public Integer call() throws Exception {
    Table t = new Table("INSTANCE", "APP", "HOST", "PORT", "STATE", "RELEASE", "UPTIME", "RESTARTS", "MESSAGE");
    for (InstanceView i : api.client().getList("/api/v1/instances" + (app == null ? "" : "?app=" + app), InstanceView.class)) {
      t.row(i.id(), i.app(), i.host(), i.port(), i.state() + (i.draining() ? " (draining)" : ""), i.release(),
          uptime(i.uptimeSeconds()), i.restarts(), i.message() == null ? "" : i.message());
    }
    t.print(System.out);
    return 0;
  }

  static String uptime(long s) {
    if (s < 60) return s + "s";
    if (s < 3600) return s / 60 + "m" + s % 60 + "s";
    return s / 3600 + "h" + s % 3600 / 60 + "m";
  }
}
