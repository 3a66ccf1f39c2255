package dev.gantry.cli;

import dev.gantry.api.AppSummary;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceView;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "ps",
        description =
                "List instances: id, host, port, state, release, uptime, restarts, the account they run as (USER), "
                        + "memory use/limit (MEM), CPU use/limit in cores (CPU) and OOM kills (OOM).")
final class PsCommand implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Mixin
    OutputFormat output;

    @Parameters(index = "0", arity = "0..1", description = "only this app")
    String app;

    @Override
    public Integer call() throws Exception {
        if (app != null)
            api.client().get("/api/v1/apps/" + app, AppSummary.class); // an unknown app is an error, not an empty list
        List<InstanceView> instances =
                api.client().getList("/api/v1/instances" + (app == null ? "" : "?app=" + app), InstanceView.class);
        output.print(instances, out -> {
            Table t = new Table(
                    "INSTANCE",
                    "APP",
                    "HOST",
                    "PORT",
                    "STATE",
                    "RELEASE",
                    "UPTIME",
                    "RESTARTS",
                    "USER",
                    "MEM",
                    "CPU",
                    "OOM",
                    "MESSAGE");
            for (InstanceView i : instances) {
                boolean reported = i.state() != InstanceState.PENDING;
                t.row(
                        i.id(),
                        i.app(),
                        i.host(),
                        i.port(),
                        i.state() + (i.draining() ? " (draining)" : ""),
                        i.release(),
                        uptime(i.uptimeSeconds()),
                        i.restarts(),
                        i.user() == null ? "-" : i.user(),
                        reported ? memory(i.memoryBytes(), i.memoryLimitBytes()) : "-",
                        reported ? cpu(i.cpuPercent(), i.cpuLimit()) : "-",
                        i.oomKills(),
                        i.message() == null ? "" : i.message());
            }
            t.print(out);
        });
        return 0;
    }

    /** {@code 90Mi/256Mi}: what its cgroup is charged (or its resident memory) and the limit; no limit: {@code 90Mi}. */
    static String memory(long used, long limit) {
        return bytes(used) + (limit > 0 ? "/" + bytes(limit) : "");
    }

    /** {@code 12%/0.5}: use in percent of one core and the limit in cores; no limit: {@code 12%}. */
    static String cpu(double percent, double limit) {
        String use = String.format(Locale.ROOT, "%.0f%%", percent);
        return limit > 0
                ? use + "/"
                        + new BigDecimal(Double.toString(limit))
                                .stripTrailingZeros()
                                .toPlainString()
                : use;
    }

    /** Binary units as gantry.yml writes them: {@code 512Ki}, {@code 90Mi}, {@code 1.5Gi}. */
    static String bytes(long b) {
        String[] units = {"", "Ki", "Mi", "Gi", "Ti"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (u == 0 || v >= 10 || v == Math.floor(v)
                        ? String.format(Locale.ROOT, "%.0f", v)
                        : String.format(Locale.ROOT, "%.1f", v))
                + units[u];
    }

    static String uptime(long s) {
        if (s < 60) return s + "s";
        if (s < 3600) return s / 60 + "m" + s % 60 + "s";
        return s / 3600 + "h" + s % 3600 / 60 + "m";
    }
}
