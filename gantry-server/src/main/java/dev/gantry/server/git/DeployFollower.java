package dev.gantry.server.git;

import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentState;
import dev.gantry.server.releases.Deployer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follows one deployment for a pusher, as {@code gantry deploy} follows it for its user: every progress line as it
 * is written (the deploy engine's long poll), a keep-alive line after {@value #QUIET_SECONDS} quiet seconds (which
 * also keeps the HTTP connection from idling out), and at the end how long each phase took: receive (the request
 * until the hook), build, test and rollout.
 */
final class DeployFollower {
    static final long QUIET_SECONDS = 10;
    private final Deployer deployer;
    private final RemoteLines out;
    private final Duration wait;
    private final Map<String, Duration> phases = new LinkedHashMap<>();
    /** The phases in their order; a phase is entered by its step line, or by the state when that line went by unseen. */
    private static final java.util.List<String> ORDER = java.util.List.of("build", "test", "rollout");

    private String phase;
    private long phaseStarted = System.nanoTime();

    DeployFollower(Deployer deployer, RemoteLines out, Duration wait) {
        this.deployer = deployer;
        this.out = out;
        this.wait = wait;
    }

    /** Follows deployment {@code id} until it ends or the wait is over; returns it as last seen. */
    Deployment follow(String id, Duration received) {
        phases.put("receive", received);
        long deadline = System.nanoTime() + wait.toNanos();
        int from = 0;
        Deployment d = deployer.deployment(id, 0);
        while (true) {
            for (String line : d.lines()) {
                if (line.startsWith("building: ")) enter("build");
                else if (line.startsWith("testing: ")) enter("test");
                else if (line.startsWith("rolling out: ")) enter("rollout");
                out.output(line);
            }
            enter(label(d.state()));
            from = d.next();
            if (d.state().done()) break;
            if (System.nanoTime() > deadline) {
                out.say("gantry: deployment " + id + " is still " + label(d.state()) + " after " + wait.toMinutes()
                        + " minutes; it goes on (gantry cancel " + d.app() + " stops it)");
                return d;
            }
            if (out.quietNanos() > TimeUnit.SECONDS.toNanos(QUIET_SECONDS))
                out.say("gantry: " + (phase == null ? label(d.state()) : phase) + " ... "
                        + seconds(Duration.ofNanos(System.nanoTime() - phaseStarted)));
            d = next(id, from, d);
        }
        enter(null);
        if (out.dropped() > 0)
            out.say("gantry: (" + out.dropped() + " more lines of output not shown; gantry status " + d.app() + ")");
        out.say(summary(d));
        return d;
    }

    private Deployment next(String id, int from, Deployment last) {
        try {
            return deployer.deployment(id, from, Duration.ofSeconds(QUIET_SECONDS))
                    .get(QUIET_SECONDS + 20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while following deployment " + id, e);
        } catch (ExecutionException | TimeoutException e) {
            return deployer.deployment(id, from); // a slow read: ask again at once
        }
    }

    /**
     * Closes the running phase when a later one begins ({@code null}: the deployment ended); an earlier or unknown
     * one (a state polled after its step line) changes nothing.
     */
    private void enter(String next) {
        if (next != null
                && (!ORDER.contains(next) || ORDER.indexOf(next) <= (phase == null ? -1 : ORDER.indexOf(phase))))
            return;
        long now = System.nanoTime();
        if (phase != null) phases.merge(phase, Duration.ofNanos(now - phaseStarted), Duration::plus);
        phase = next;
        phaseStarted = now;
    }

    private String summary(Deployment d) {
        StringBuilder split = new StringBuilder();
        phases.forEach((name, took) -> split.append(split.isEmpty() ? "" : ", ")
                .append(name)
                .append(' ')
                .append(seconds(took)));
        String outcome = switch (d.state()) {
            case SUCCEEDED -> d.app() + " release " + d.release() + " is live";
            case FAILED -> "deploy failed: " + d.message();
            default -> "deploy " + d.state().name().toLowerCase() + ": " + d.message();
        };
        return "gantry: " + outcome + " (" + split + ")";
    }

    static String label(DeploymentState state) {
        return switch (state) {
            case BUILDING -> "build";
            case TESTING -> "test";
            case ROLLING_OUT -> "rollout";
            default -> state.name().toLowerCase();
        };
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
