package dev.gantry.cli;

import dev.gantry.api.AppSummary;
import dev.gantry.api.Release;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "releases", description = "List APP's releases, newest first.")
final class ReleasesCommand implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Mixin
    OutputFormat output;

    @Parameters(index = "0", description = "app")
    String app;

    @Override
    public Integer call() throws Exception {
        int live = api.client().get("/api/v1/apps/" + app, AppSummary.class).release();
        List<Release> releases = api.client().getList("/api/v1/apps/" + app + "/releases", Release.class);
        output.print(releases, out -> {
            Table t = new Table("RELEASE", "STATUS", "CREATED", "SOURCE", "MESSAGE");
            for (Release r : releases) {
                t.row(
                        r.number() + (r.number() == live ? " (live)" : ""),
                        r.status(),
                        Instant.ofEpochMilli(r.createdAt()),
                        r.source(),
                        r.message() == null ? "" : r.message());
            }
            t.print(out);
        });
        return 0;
    }
}
