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
    private DeploymentState phase;
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
            enter(d.state());
            d.lines().forEach(out::output);
            from = d.next();
            if (d.state().done()) break;
            if (System.nanoTime() > deadline) {
                out.say("gantry: deployment " + id + " is still " + label(d.state()) + " after " + wait.toMinutes()
                        + " minutes; it goes on (gantry cancel " + d.app() + " stops it)");
                return d;
            }
            if (out.quietNanos() > TimeUnit.SECONDS.toNanos(QUIET_SECONDS))
                out.say("gantry: " + label(d.state()) + " ... "
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

    /** Closes the phase that was running when the state moves on ({@code null}: the deployment ended). */
    private void enter(DeploymentState state) {
        if (state == phase) return;
        long now = System.nanoTime();
        if (phase != null && !phase.done())
            phases.merge(label(phase), Duration.ofNanos(now - phaseStarted), Duration::plus);
        phase = state;
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
