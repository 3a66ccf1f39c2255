package dev.gantry.cli;

import dev.gantry.api.DeploymentAccepted;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "promote",
        description = "Move APP's running canary to its next step now, whatever its pause and the judge say (a manual"
                + " step waits for this); with --full, every instance to the new release at once. Exit 1 when no"
                + " canary runs on APP.")
final class PromoteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", description = "app")
    String app;

    @Option(names = "--full", description = "skip the remaining steps: the new release to every instance")
    boolean full;

    @Override
    public Integer call() throws Exception {
        DeploymentAccepted accepted = api.client()
                .post("/api/v1/apps/" + app + "/promote" + (full ? "?full=true" : ""), null, DeploymentAccepted.class);
        spec.commandLine()
                .getOut()
                .println("promoting release " + accepted.release() + " of " + app + (full ? " to every instance" : "")
                        + " (deployment " + accepted.deployment() + "); follow with: gantry canary status " + app);
        return 0;
    }
}
