package dev.gantry.cli;

import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.DeploymentState;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "abort",
        description = "Abort APP's running canary: all traffic back to the stable release, the canary's instances"
                + " drained and stopped. Follows it until it has undone itself; exit 0 once it is CANCELLED, 1 when no"
                + " canary runs on APP.")
final class AbortCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", description = "app")
    String app;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DeploymentAccepted accepted =
                api.client().post("/api/v1/apps/" + app + "/abort", null, DeploymentAccepted.class);
        out.println("aborting the canary of release " + accepted.release() + " of " + app + " (deployment "
                + accepted.deployment() + ")");
        Deployment end = DeploymentFollower.untilEnded(api.client(), accepted, out);
        if (end.state() == DeploymentState.CANCELLED) return 0;
        throw new CliException(
                "deployment " + end.id() + " ended " + end.state() + " before the abort took effect: " + end.message());
    }
}
