package dev.gantry.cli;

import dev.gantry.api.AppSummary;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.Problem;
import dev.gantry.api.ProblemType;
import dev.gantry.api.client.ProblemException;
import dev.gantry.api.client.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gantry apps delete APP}: the control plane drains and stops the app's instances, then
 * removes its route, releases and artifacts (its history stays); nothing of it keeps running.
 */
@Command(
        name = "delete",
        description = {
            "Delete APP: drain and stop its instances, then remove its route, releases and artifacts "
                    + "(its history stays). Asks to type the app's name unless --yes is given."
        })
final class AppsDeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", description = "app")
    String app;

    @Option(
            names = {"-y", "--yes"},
            description = "delete without asking")
    boolean yes;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        AppSummary summary = api.client().get("/api/v1/apps/" + app, AppSummary.class);
        if (!yes) confirm(summary);
        String path = "/api/v1/apps/" + app;
        Reply reply = api.client().exchange("DELETE", path, null, null);
        if (reply.status() / 100 != 2) throw new ProblemException("DELETE", api.serverUri() + path, problem(reply));
        DeploymentAccepted accepted = reply.json(DeploymentAccepted.class);
        out.println("deleting " + app + " (deployment " + accepted.deployment() + ")");
        DeploymentFollower.follow(api.client(), accepted, out);
        out.println("deleted " + app);
        return 0;
    }

    private void confirm(AppSummary summary) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        err.print("This stops " + summary.instances() + " instance(s) of " + app + " and removes its route ("
                + summary.host() + "), releases and artifacts. Type the app's name to delete it: ");
        err.flush();
        String typed = Main.in(spec).readLine();
        if (typed == null) err.println();
        if (typed == null || !typed.strip().equals(app)) {
            throw new CliException("not deleted: type " + app + " to confirm, or pass --yes");
        }
    }

    /**
     * The problem body of an error answer; one made up from the status when it is not one (a proxy in
     * between). The client's {@code delete} reads no answer, and this one carries the deployment to follow.
     */
    private static Problem problem(Reply reply) {
        if (reply.header("Content-Type").orElse("").startsWith(Problem.MEDIA_TYPE)) return reply.json(Problem.class);
        return Problem.of(ProblemType.forStatus(reply.status()), reply.status(), "HTTP " + reply, null, List.of());
    }
}
