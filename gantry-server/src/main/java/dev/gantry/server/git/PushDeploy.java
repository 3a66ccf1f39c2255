package dev.gantry.server.git;

import dev.gantry.api.AppSpec;
import dev.gantry.api.AppSpecParser;
import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.SpecException;
import dev.gantry.api.archive.ArchiveLimits;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.apps.Placement;
import dev.gantry.server.releases.Deployer;
import dev.gantry.server.web.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceiveCommand.Result;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push to deploy: the pre-receive hook of every push. A push to {@value #DEPLOY_BRANCH} is deployed before its ref
 * moves: its commit becomes an upload ({@link CommitArchive}), which the deploy engine tests, builds and rolls out
 * with the app's strategy exactly as {@code gantry deploy} would; the deployment's lines reach the pusher as
 * {@code remote: ...} as they are written ({@link DeployFollower}). The ref moves only when the release is live, so
 * the branch on the control plane always names the last commit that went live: a failed test or rollout rejects the
 * push (git exits non-zero) and pushing the same commit again retries it. Other branches are stored, not deployed.
 * A push to an app that does not exist yet creates it when the commit's gantry.yml names it; anything else for an
 * unknown app is refused, naming it, and leaves nothing behind.
 */
final class PushDeploy {
    static final String DEPLOY_BRANCH = "refs/heads/main";
    private static final Logger log = LoggerFactory.getLogger(PushDeploy.class);
    private final Deployer deployer;
    private final AppStore apps;
    private final Path uploads;
    private final ArchiveLimits unpack;
    private final PushLimits limits;

    PushDeploy(Deployer deployer, AppStore apps, Path dataDir, ArchiveLimits unpack, PushLimits limits) {
        this.deployer = deployer;
        this.apps = apps;
        this.uploads = dataDir.resolve("uploads");
        this.unpack = unpack;
        this.limits = limits;
    }

    /**
     * A push's request as far as it has come: when it began ({@link System#nanoTime}) and how many bytes of it have
     * been read so far.
     */
    record Received(long startedNanos, LongSupplier bytes) {}

    /** The hook for one push by {@code pusher} to {@code app}'s repository. */
    PreReceiveHook hook(String app, String pusher, Received received) {
        return (rp, commands) -> {
            try {
                onPush(rp, commands, app, pusher, received);
            } catch (RuntimeException e) {
                log.error("git push failed app={} pusher={}", app, pusher, e);
                rp.sendMessage("gantry: internal error: " + e);
                rejectAll(commands, "internal error");
            }
        };
    }

    private void onPush(
            ReceivePack rp, Collection<ReceiveCommand> commands, String app, String pusher, Received received) {
        RemoteLines out = new RemoteLines(rp, limits.outputLines());
        boolean known = apps.app(app).isPresent();
        ReceiveCommand deploy = commands.stream()
                .filter(c -> c.getRefName().equals(DEPLOY_BRANCH) && c.getResult() == Result.NOT_ATTEMPTED)
                .findFirst()
                .orElse(null);
        if (deploy == null) {
            if (!known) {
                rejectAll(commands, "app " + app + " does not exist");
                out.say("gantry: app " + app + " does not exist; push the branch main, with a gantry.yml naming " + app
                        + ", to create it");
            } else {
                out.say("gantry: stored; only a push to main deploys " + app);
            }
            return;
        }
        String refused = deploy.getType() == ReceiveCommand.Type.DELETE
                ? "main deploys " + app + "; it cannot be deleted"
                : deploy(rp, deploy, app, pusher, known, out, received);
        if (refused == null) return;
        deploy.setResult(Result.REJECTED_OTHER_REASON, refused);
        if (!known) rejectAll(commands, "app " + app + " was not created");
    }

    /** Deploys the pushed commit of main; null when its release is live, else why the push is refused. */
    private String deploy(
            ReceivePack rp,
            ReceiveCommand cmd,
            String app,
            String pusher,
            boolean known,
            RemoteLines out,
            Received received) {
        Repository repo = rp.getRepository();
        RevCommit commit;
        try {
            commit = rp.getRevWalk().parseCommit(cmd.getNewId());
            rp.getRevWalk().parseBody(commit); // receive-pack's walk keeps no bodies
            String problem = specProblem(repo, commit, app, known, out);
            if (problem != null) return problem;
        } catch (IOException e) {
            log.warn("git push unreadable app={} error={}", app, e.toString());
            out.say("gantry: the pushed commit cannot be read: " + e.getMessage());
            return "unreadable commit";
        }
        String sha = commit.abbreviate(7).name();
        out.say("gantry: deploying " + app + " at " + sha + " (" + firstLine(commit) + ")");
        DeploymentAccepted accepted;
        try {
            CommitArchive.Written archive = CommitArchive.write(repo, commit, uploads, unpack);
            if (!archive.submodules().isEmpty())
                out.say("gantry: submodules are not deployed, left out: " + String.join(", ", archive.submodules()));
            try {
                accepted = deployer.deploy(archive.file(), pusher, "git " + sha);
            } finally {
                Files.deleteIfExists(archive.file());
            }
        } catch (ApiException e) {
            out.say("gantry: refused: " + e.getMessage());
            return e.getMessage().length() > 120 ? "refused by the control plane" : e.getMessage();
        } catch (IOException | RuntimeException e) {
            log.warn("git push not deployed app={} error={}", app, e.toString());
            out.say("gantry: cannot deploy this commit: " + e.getMessage());
            return "cannot deploy this commit";
        }
        Duration took = Duration.ofNanos(System.nanoTime() - received.startedNanos());
        out.say("gantry: deployment " + accepted.deployment() + ", release " + accepted.release());
        out.say("gantry: received " + size(received.bytes().getAsLong()) + " and checked it out in " + seconds(took));
        Deployment end = new DeployFollower(deployer, out, limits.followFor(), this::hostsServing)
                .follow(accepted.deployment(), took);
        log.info("git push app={} commit={} pusher={} deployment={} state={}", app, sha, pusher, end.id(), end.state());
        if (end.state() == DeploymentState.SUCCEEDED) return null;
        return end.state().done()
                ? shortReason(end)
                : "not live after " + limits.followFor().toMinutes() + " minutes";
    }

    /** Why the commit's gantry.yml cannot deploy {@code app} (the details said to the pusher); null when it can. */
    private static String specProblem(Repository repo, RevCommit commit, String app, boolean known, RemoteLines out)
            throws IOException {
        try (TreeWalk yml = TreeWalk.forPath(repo, "gantry.yml", commit.getTree())) {
            if (yml == null) {
                out.say("gantry: gantry.yml: not found at the top of commit "
                        + commit.abbreviate(7).name()
                        + (known ? "" : "; app " + app + " does not exist, and this commit does not create it"));
                return known ? "no gantry.yml" : "app " + app + " does not exist and the commit has no gantry.yml";
            }
            String text = new String(repo.open(yml.getObjectId(0)).getCachedBytes(1 << 20), StandardCharsets.UTF_8);
            AppSpec spec;
            try {
                spec = AppSpecParser.parse(text);
            } catch (SpecException e) {
                out.say("gantry: invalid gantry.yml:");
                e.problems().forEach(p -> out.say("gantry:   " + p));
                return "invalid gantry.yml";
            } catch (IllegalArgumentException e) {
                out.say("gantry: invalid gantry.yml: " + e.getMessage());
                return "invalid gantry.yml";
            }
            if (spec.name().equals(app)) return null;
            out.say("gantry: gantry.yml names the app " + spec.name() + ", but this is the repository of " + app);
            return "gantry.yml names " + spec.name() + ", not " + app;
        }
    }

    /** How many hosts run an instance of the deployment's release that takes requests. */
    private int hostsServing(Deployment d) {
        return (int) apps.placements(d.app()).stream()
                .filter(p -> p.spec().release() == d.release() && !p.draining())
                .map(Placement::host)
                .distinct()
                .count();
    }

    /** {@code bytes} for a person: {@code 512 B}, {@code 3.4 KiB}, {@code 1.2 MiB}. */
    static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String shortReason(Deployment end) {
        String m = end.message() == null ? end.state().name().toLowerCase() : end.message();
        int colon = m.indexOf(": ");
        String head = colon > 0 ? m.substring(0, colon) : m;
        return head.length() > 80 ? head.substring(0, 80) : head;
    }

    private static String firstLine(RevCommit commit) {
        String s = commit.getShortMessage();
        return s.length() > 72 ? s.substring(0, 72) + "…" : s;
    }

    private static void rejectAll(Collection<ReceiveCommand> commands, String why) {
        for (ReceiveCommand c : commands) {
            if (c.getResult() == Result.NOT_ATTEMPTED) c.setResult(Result.REJECTED_OTHER_REASON, why);
        }
    }
}
