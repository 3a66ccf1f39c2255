package dev.gantry.cli;

import dev.gantry.api.AgentStatus;
import dev.gantry.api.PlatformStatus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", description = "Control plane, store and agents at a glance.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Mixin
    OutputFormat output;

    @Override
    public Integer call() throws Exception {
        PlatformStatus s = api.client().get("/api/v1/status", PlatformStatus.class);
        output.print(s, out -> {
            out.println("control plane  " + api.serverUri() + " (up " + PsCommand.uptime(s.uptimeSeconds()) + ")");
            out.println("redis          " + s.redis());
            out.println("apps           " + s.apps());
            out.println("instances      " + s.instancesReady() + " ready of " + s.instancesDesired() + " desired");
            Table t = new Table("AGENT", "ADDRESS", "LAST SEEN", "CPU", "MEMORY", "INSTANCES");
            for (AgentStatus a : s.agents()) {
                t.row(
                        a.host(),
                        a.address(),
                        a.lastSeenSecondsAgo() + "s ago",
                        String.format("%.0f%%", a.cpuPercent()),
                        (a.memUsedBytes() >> 20) + "/" + (a.memTotalBytes() >> 20) + " MiB",
                        a.instances());
            }
            t.print(out);
        });
        return 0;
    }
}
