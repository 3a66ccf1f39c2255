package dev.gantry.cli;

import dev.gantry.api.DeploymentAccepted;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "scale", description = "Run N instances of APP's live release.")
final class ScaleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", description = "app")
    String app;

    @Parameters(index = "1", description = "number of instances, 0..100")
    int count;

    @Override
    public Integer call() throws Exception {
        var accepted =
                api.client().post("/api/v1/apps/" + app + "/scale?instances=" + count, null, DeploymentAccepted.class);
        return DeploymentFollower.follow(
                api.client(), accepted, spec.commandLine().getOut());
    }
}
