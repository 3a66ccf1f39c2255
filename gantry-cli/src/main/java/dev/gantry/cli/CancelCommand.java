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
        name = "cancel",
        description = "Cancel the operation running on APP (deploy, rollback, scale, stop or delete): the instances it "
                + "started go, those from before it keep serving. Follows it until it has undone itself; exit 0 once "
                + "it is CANCELLED, 1 if it ended otherwise or nothing runs on APP.")
final class CancelCommand implements Callable<Integer> {
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
                api.client().post("/api/v1/apps/" + app + "/cancel", null, DeploymentAccepted.class);
        out.println("cancelling deployment " + accepted.deployment() + " of " + app);
        Deployment end = DeploymentFollower.untilEnded(api.client(), accepted, out);
        if (end.state() == DeploymentState.CANCELLED) return 0;
        throw new CliException("deployment " + end.id() + " ended " + end.state() + " before the cancel took effect: "
                + end.message());
    }
}
