package dev.gantry.cli;

import dev.gantry.api.AppSummary;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "apps",
        description =
                "List apps: live release, instances ready of desired, route. `gantry apps delete APP` deletes one.",
        subcommands = AppsDeleteCommand.class)
final class AppsCommand implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Mixin
    OutputFormat output;

    @Override
    public Integer call() throws Exception {
        List<AppSummary> apps = api.client().getList("/api/v1/apps", AppSummary.class);
        output.print(apps, out -> {
            Table t = new Table("APP", "RELEASE", "READY", "ROUTE");
            for (AppSummary a : apps) {
                t.row(
                        a.name(),
                        a.release(),
                        a.ready() + "/" + a.instances(),
                        a.host() + ("/".equals(a.path()) ? "" : a.path()));
            }
            t.print(out);
        });
        return 0;
    }
}
