package dev.gantry.server.git;

import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentState;
import dev.gantry.server.releases.Deployer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToIntFunction;

/**
 * Follows one deployment for a pusher, as {@code gantry deploy} follows it for its user: every progress line as it
 * is written (the deploy engine's long poll), a keep-alive line after {@value #QUIET_SECONDS} quiet seconds (which
 * also keeps the HTTP connection from idling out), a line as each phase passes ({@code tests passed in 4.1 s},
 * {@code built in 2.0 s}, {@code live on 3 hosts in 6.2 s}), and at the end how long each phase took: receive (the
 * request until the deployment was accepted), test, build and rollout.
 */
final class DeployFollower {
    static final long QUIET_SECONDS = 10;
    /** The phases in their order; a phase is entered by its step line, or by the state when that line went by unseen. */
    private static final List<String> ORDER = List.of("test", "build", "rollout");

    private final Deployer deployer;
    private final RemoteLines out;
    private final Duration wait;
    private final ToIntFunction<Deployment> hostsServing;
    private final Map<String, Duration> phases = new LinkedHashMap<>();
    private String phase;
    private long phaseStarted = System.nanoTime();

    /** {@code hostsServing}: on how many hosts a deployment that succeeded serves its release. */
    DeployFollower(Deployer deployer, RemoteLines out, Duration wait, ToIntFunction<Deployment> hostsServing) {
        this.deployer = deployer;
        this.out = out;
        this.wait = wait;
        this.hostsServing = hostsServing;
    }

    /** Follows deployment {@code id} until it ends or the wait is over; returns it as last seen. */
    Deployment follow(String id, Duration received) {
        phases.put("receive", received);
        long deadline = System.nanoTime() + wait.toNanos();
        int from = 0;
        Deployment d = deployer.deployment(id, 0);
        while (true) {
            for (String line : d.lines()) {
                if (line.startsWith("testing: ")) enter("test");
                else if (line.startsWith("building: ")) enter("build");
                else if (line.startsWith("rolling out: ")) enter("rollout");
                out.output(line);
            }
            String shown = byState(d);
            if (shown != null) enter(shown);
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
        String last = phase;
        Duration took = enter(null);
        if (out.dropped() > 0)
            out.say("gantry: (" + out.dropped() + " more lines of output not shown; gantry status " + d.app() + ")");
        if ("rollout".equals(last) && d.state() == DeploymentState.SUCCEEDED) {
            int hosts = hostsServing.applyAsInt(d);
            out.say("gantry: live on " + hosts + (hosts == 1 ? " host" : " hosts") + " in " + seconds(took));
        }
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
     * The phase a polled deployment shows. A deploy is BUILDING from its start, before its test step, with no
     * message; its build step is BUILDING with the build command as its message.
     */
    private static String byState(Deployment d) {
        return switch (d.state()) {
            case TESTING -> "test";
            case BUILDING -> d.message() == null || d.message().isEmpty() ? null : "build";
            case ROLLING_OUT -> "rollout";
            default -> null;
        };
    }

    /**
     * Closes the running phase when a later one begins ({@code null}: the deployment ended), saying that a test or
     * build phase passed; an earlier or unknown one (a state polled after its step line) changes nothing. Returns how
     * long the closed phase took (zero when none closed).
     */
    private Duration enter(String next) {
        int at = phase == null ? -1 : ORDER.indexOf(phase);
        if (next != null && ORDER.indexOf(next) <= at) return Duration.ZERO;
        long now = System.nanoTime();
        Duration took = Duration.ofNanos(now - phaseStarted);
        if (phase != null) {
            phases.merge(phase, took, Duration::plus);
            if (next != null && phase.equals("test")) out.say("gantry: tests passed in " + seconds(took));
            if (next != null && phase.equals("build")) out.say("gantry: built in " + seconds(took));
        }
        phase = next;
        phaseStarted = now;
        return took;
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
        return PushDeploy.seconds(d);
    }
}
