package dev.gantry.cli;

import dev.gantry.api.AppSummary;
import dev.gantry.api.InstanceView;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "ps", description = "List instances: id, host, port, state, release, uptime.")
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
            Table t = new Table("INSTANCE", "APP", "HOST", "PORT", "STATE", "RELEASE", "UPTIME", "RESTARTS", "MESSAGE");
            for (InstanceView i : instances) {
                t.row(
                        i.id(),
                        i.app(),
                        i.host(),
                        i.port(),
                        i.state() + (i.draining() ? " (draining)" : ""),
                        i.release(),
                        uptime(i.uptimeSeconds()),
                        i.restarts(),
                        i.message() == null ? "" : i.message());
            }
            t.print(out);
        });
        return 0;
    }

    static String uptime(long s) {
        if (s < 60) return s + "s";
        if (s < 3600) return s / 60 + "m" + s % 60 + "s";
        return s / 3600 + "h" + s % 3600 / 60 + "m";
    }
}
