package dev.gantry.cli;

import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.client.ControlPlaneClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.regex.Pattern;

/** Streams a deployment's progress lines, long-polling for each new one, until it ends; the exit code says how it ended. */
final class DeploymentFollower {
    /** CSI sequences (colours, cursor moves), OSC sequences (titles, links) and any other two-character escape. */
    private static final Pattern ESCAPES =
            Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(\u0007|\u001B\\\\)|\u001B[@-_]");

    /**
     * How long the control plane may hold each request until a line comes or the deployment ends (a long
     * poll); under the client's 30 s request timeout.
     */
    static final Duration WAIT = Duration.ofSeconds(20);

    private DeploymentFollower() {}

    /** Prints every progress line to {@code out}, without terminal escapes; a deployment that failed or was cancelled throws. */
    static int follow(ControlPlaneClient api, DeploymentAccepted accepted, PrintWriter out) throws IOException {
        Deployment end = untilEnded(api, accepted, out);
        if (end.state() == DeploymentState.SUCCEEDED) return 0;
        String how = end.state().name().toLowerCase(java.util.Locale.ROOT);
        throw new CliException(end.message() == null || end.message().isBlank() ? how : end.message());
    }

    /** Prints every progress line to {@code out}, without terminal escapes, until the deployment ends; how it ended. */
    static Deployment untilEnded(ControlPlaneClient api, DeploymentAccepted accepted, PrintWriter out)
            throws IOException {
        int from = 0;
        while (true) {
            Deployment view = api.get(
                    "/api/v1/deployments/" + accepted.deployment() + "?from=" + from + "&wait=" + WAIT.toSeconds()
                            + "s",
                    Deployment.class);
            view.lines().forEach(l -> out.println("  " + plain(l)));
            out.flush();
            from = view.next();
            if (view.state().done()) return view;
            if (view.lines().isEmpty()) pause(); // the wait ran out; or a server that does not long-poll
        }
    }

    /** {@code line} without terminal escape sequences (a build's colours) and stray ESC characters. */
    static String plain(String line) {
        return ESCAPES.matcher(line).replaceAll("").replace("\u001B", "");
    }

    private static void pause() {
        try {
            Thread.sleep(Duration.ofMillis(300));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
    }
}
