package dev.gantry.cli;

import dev.gantry.api.HistoryEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "history",
        description = "APP's audit trail, newest first: deploys, rollbacks, scaling, canary steps, the judge's"
                + " verdicts with their evidence, promotions, aborts, and who did each, when and why.")
final class HistoryCommand implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Mixin
    OutputFormat output;

    @Parameters(index = "0", description = "app")
    String app;

    @Override
    public Integer call() throws Exception {
        List<HistoryEvent> events = api.client().getList("/api/v1/apps/" + app + "/history", HistoryEvent.class);
        output.print(events, out -> {
            Table t = new Table("TIME", "ACTOR", "ACTION", "DETAIL");
            for (HistoryEvent e : events)
                t.row(Instant.ofEpochMilli(e.time()), e.actor(), e.action(), e.detail() == null ? "" : e.detail());
            t.print(out);
        });
        return 0;
    }
}
