package dev.gantry.cli;

import dev.gantry.api.DeploymentAccepted;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "stop", description = "Drain and stop every instance of APP (its releases stay).")
final class StopCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", description = "app")
    String app;

    @Override
    public Integer call() throws Exception {
        var accepted = api.client().post("/api/v1/apps/" + app + "/stop", null, DeploymentAccepted.class);
        return DeploymentFollower.follow(
                api.client(), accepted, spec.commandLine().getOut());
    }
}
