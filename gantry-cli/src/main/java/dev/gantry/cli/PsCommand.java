package dev.gantry.cli;

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
  public Integer call() {
    Table t = new Table("INSTANCE", "APP", "HOST", "PORT", "STATE", "RELEASE", "UPTIME", "RESTARTS", "MESSAGE");
    api.client().get("/api/v1/instances" + (app == null ? "" : "?app=" + app)).forEach(i -> t.row(
        i.path("id").asText(), i.path("app").asText(), i.path("host").asText(), i.path("port").asInt(),
        i.path("state").asText() + (i.path("draining").asBoolean() ? " (draining)" : ""), i.path("release").asInt(),
        uptime(i.path("uptimeSeconds").asLong()), i.path("restarts").asInt(), i.path("message").asText()));
    t.print(System.out);
    return 0;
  }

  static String uptime(long s) {
    if (s < 60) return s + "s";
    if (s < 3600) return s / 60 + "m" + s % 60 + "s";
    return s / 3600 + "h" + s % 3600 / 60 + "m";
  }
}
