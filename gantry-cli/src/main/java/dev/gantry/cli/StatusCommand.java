package dev.gantry.cli;

import dev.gantry.api.AgentReport;
import dev.gantry.api.AgentStatus;
import dev.gantry.api.PlatformStatus;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "status",
        description = "Control plane, store and agents at a glance; for each agent, the account its instances run as "
                + "and the cgroup version that enforces their limits (or why none does).")
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
            if (s.caFingerprint() != null) out.println("CA fingerprint " + s.caFingerprint());
            out.println("redis          " + s.redis());
            out.println("apps           " + s.apps());
            out.println("instances      " + s.instancesReady() + " ready of " + s.instancesDesired() + " desired");
            Table t = new Table(
                    "AGENT", "ADDRESS", "LAST SEEN", "CPU", "MEMORY", "INSTANCES", "INSTANCE USER", "CGROUPS");
            for (AgentStatus a : s.agents()) {
                t.row(
                        a.host(),
                        a.address(),
                        a.lastSeenSecondsAgo() + "s ago",
                        String.format("%.0f%%", a.cpuPercent()),
                        (a.memUsedBytes() >> 20) + "/" + (a.memTotalBytes() >> 20) + " MiB",
                        a.instances(),
                        a.isolation() == null ? "-" : a.isolation().user(),
                        cgroups(a.isolation()));
            }
            t.print(out);
        });
        return 0;
    }

    /** {@code v2}; {@code none: why} (limits not enforced); {@code unknown} from an agent that does not say. */
    static String cgroups(AgentReport.Isolation isolation) {
        if (isolation == null || isolation.cgroups() == null) return "unknown";
        if (isolation.cgroups() != AgentReport.CgroupVersion.NONE)
            return isolation.cgroups().name().toLowerCase(Locale.ROOT);
        return "none: " + (isolation.problem() == null ? "limits not enforced" : isolation.problem());
    }
}
