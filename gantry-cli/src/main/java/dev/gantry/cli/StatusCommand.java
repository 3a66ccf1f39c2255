package dev.gantry.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", description = "Control plane, store and agents at a glance.")
final class StatusCommand implements Callable<Integer> {
  @Mixin
  ApiOptions api;

  @Override
  public Integer call() {
    var s = api.client().get("/api/v1/status");
    System.out.println("control plane  " + api.serverUri() + " (up " + PsCommand.uptime(s.path("uptimeSeconds").asLong()) + ")");
    System.out.println("redis          " + s.path("redis").asText());
    System.out.println("apps           " + s.path("apps").asInt());
    System.out.println("instances      " + s.path("instancesReady").asInt() + " ready of " + s.path("instancesDesired").asInt() + " desired");
    Table t = new Table("AGENT", "ADDRESS", "LAST SEEN", "CPU", "MEMORY", "INSTANCES");
    s.path("agents").forEach(a -> t.row(a.path("host").asText(), a.path("address").asText(),
        a.path("lastSeenSecondsAgo").asLong() + "s ago", String.format("%.0f%%", a.path("cpuPercent").asDouble()),
        (a.path("memUsedBytes").asLong() >> 20) + "/" + (a.path("memTotalBytes").asLong() >> 20) + " MiB",
        a.path("instances").asInt()));
    t.print(System.out);
    return 0;
  }
}
