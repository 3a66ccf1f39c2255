package dev.gantry.cli;

import dev.gantry.api.AppSummary;
import dev.gantry.api.InstanceView;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.api.client.Reply;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "logs", description = "Print the output of APP's instances; -f follows it.")
final class LogsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", description = "app")
    String app;

    @Option(
            names = {"-f", "--follow"},
            description = "keep printing new output")
    boolean follow;

    @Option(names = "--instance", description = "only this instance")
    String instance;

    @Override
    public Integer call() throws Exception {
        ControlPlaneClient client = api.client();
        PrintWriter out = spec.commandLine().getOut();
        client.get("/api/v1/apps/" + app, AppSummary.class); // an unknown app is an error, not silence
        Map<String, Long> offsets = new LinkedHashMap<>();
        do {
            List<InstanceView> instances = client.getList("/api/v1/instances?app=" + app, InstanceView.class);
            if (instance != null && offsets.isEmpty() && instances.stream().noneMatch(i -> i.id().equals(instance))) {
                throw CliException.notFound("instance " + instance + " of " + app);
            }
            for (InstanceView i : instances) {
                String id = i.id();
                if (instance != null && !instance.equals(id)) continue;
                Long offset = offsets.get(id);
                Reply r = client.getText(
                        "/api/v1/apps/" + app + "/logs?instance=" + id + (offset == null ? "" : "&offset=" + offset));
                offsets.put(id, Long.parseLong(r.header("X-Log-Offset").orElse("0")));
                r.body().lines().forEach(line -> out.println(id + " | " + line));
            }
            out.flush();
            if (follow) Thread.sleep(Duration.ofMillis(500));
        } while (follow);
        return 0;
    }
}
