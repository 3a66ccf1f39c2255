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
        name = "rollback",
        description = {
            "Go back to an earlier release, without a rebuild (default: the one live before the live one).",
            "Inside a blue-green rollback window, the standby set takes the traffic back at once and nothing starts;"
                    + " otherwise the release is rolled out again."
        })
final class RollbackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", description = "app")
    String app;

    @Option(
            names = {"--to", "--release"},
            paramLabel = "N",
            description = "release number to go back to (--release is the older name)")
    Integer release;

    @Override
    public Integer call() throws Exception {
        DeploymentAccepted accepted = api.client()
                .post(
                        "/api/v1/apps/" + app + "/rollback" + (release == null ? "" : "?release=" + release),
                        null,
                        DeploymentAccepted.class);
        spec.commandLine().getOut().println("rolling " + app + " back to release " + accepted.release());
        return DeploymentFollower.follow(
                api.client(), accepted, spec.commandLine().getOut());
    }
}
