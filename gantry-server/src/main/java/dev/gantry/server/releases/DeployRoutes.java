package dev.gantry.server.releases;

import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.Durations;
import dev.gantry.api.archive.ArchiveLimits;
import dev.gantry.api.files.OwnerOnly;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.tokens.Credential;
import dev.gantry.server.tokens.Role;
import dev.gantry.server.web.Access;
import dev.gantry.server.web.ApiException;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Deploys, rollbacks, scaling, stopping and deleting apps, following and cancelling deployments; the artifacts agents download. */
public final class DeployRoutes {
    /** The longest long poll: under Jetty's idle timeout (30 s), so a waiting connection is never cut. */
    static final Duration MAX_WAIT = Duration.ofSeconds(25);

    private final Deployer deployer;
    private final AppStore store;
    private final Path uploads;
    private final long maxUploadBytes;

    /** {@code maxUploadBytes}: a bigger upload gets 413 before it is stored. */
    public DeployRoutes(Deployer deployer, AppStore store, Path dataDir, long maxUploadBytes) {
        this.deployer = deployer;
        this.store = store;
        this.uploads = dataDir.resolve("uploads");
        this.maxUploadBytes = maxUploadBytes;
    }

    public void register(ApiRoutes routes) {
        Content accepted = Content.json(DeploymentAccepted.class);
        routes.post("/api/v1/deploys")
                .summary("Build the uploaded app directory into a new release and roll it out")
                .query("source", "string", "where the upload came from, kept with the release")
                .request(Content.of("application/gzip"))
                .returns(202, accepted)
                .errors(400, 409, 413)
                .handle(this::deploy);
        routes.get("/api/v1/deployments/{id}")
                .summary("A deployment's state and progress lines (kept 7 days after it ended)")
                .query("from", "integer", "the first progress line to return")
                .query(
                        "wait",
                        "string",
                        "long poll: answer as soon as there is a line past `from` or the deployment has ended, at the"
                                + " latest after this long (e.g. 20s; at most " + MAX_WAIT.toSeconds()
                                + "s); without it, at once")
                .returns(200, Content.json(Deployment.class))
                .errors(400, 404)
                .handle(this::progress);
        routes.post("/api/v1/deployments/{id}/cancel")
                .summary(
                        "Stop a running deployment: the instances it started go, those from before it keep serving; it ends CANCELLED")
                .returns(202, accepted)
                .errors(404, 409)
                .handle(ctx -> ctx.status(202).json(deployer.cancel(ctx.pathParam("id"), Access.actor(ctx))));
        routes.post("/api/v1/apps/{app}/cancel")
                .summary(
                        "Stop the deployment running on an app (deploy, rollback, scale, stop or delete), as its cancel does")
                .returns(202, accepted)
                .errors(404, 409)
                .handle(ctx -> ctx.status(202).json(deployer.cancelRunning(ctx.pathParam("app"), Access.actor(ctx))));
        routes.post("/api/v1/apps/{app}/rollback")
                .summary(
                        "Deploy an earlier release again, without a rebuild; inside a blue-green rollback window, switch back to the standby set without starting instances")
                .query("release", "integer", "the release; without it, the one live before the live one")
                .returns(202, accepted)
                .errors(400, 404, 409)
                .handle(ctx -> ctx.status(202)
                        .json(deployer.rollback(
                                ctx.pathParam("app"),
                                ctx.queryParam("release") == null ? null : intParam(ctx, "release"),
                                Access.actor(ctx))));
        routes.post("/api/v1/apps/{app}/scale")
                .summary("Run a number of instances of the live release")
                .query("instances", "integer", "how many, 0..100 (required)")
                .returns(202, accepted)
                .errors(400, 404, 409)
                .handle(ctx -> ctx.status(202)
                        .json(deployer.scale(ctx.pathParam("app"), intParam(ctx, "instances"), Access.actor(ctx))));
        routes.post("/api/v1/apps/{app}/stop")
                .summary("Drain and stop every instance of an app")
                .returns(202, accepted)
                .errors(404, 409)
                .handle(ctx -> ctx.status(202).json(deployer.stop(ctx.pathParam("app"), Access.actor(ctx))));
        routes.delete("/api/v1/apps/{app}")
                .summary(
                        "Drain and stop every instance of an app, then remove it: its route, releases and artifacts (its history stays)")
                .returns(202, accepted)
                .errors(404, 409)
                .handle(ctx -> ctx.status(202).json(deployer.delete(ctx.pathParam("app"), Access.actor(ctx))));
        routes.get("/api/v1/apps/{app}/releases/{n}/artifact")
                .summary("A release's built tree, as agents download it (an agent: only a release placed on its host)")
                .roles(Role.DEPLOYER, Role.VIEWER, Role.AGENT)
                .returns(200, Content.of("application/gzip"))
                .errors(400, 404)
                .handle(this::artifact);
    }

    private void deploy(Context ctx) throws Exception {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxUploadBytes) throw tooLarge("is " + declared + " bytes, over");
        OwnerOnly.directories(uploads);
        Path upload = Files.createTempFile(uploads, "upload-", ".tar.gz");
        try {
            store(ctx, upload);
            if (Files.size(upload) == 0) throw new ApiException(400, "body: empty; send the app directory as a tar.gz");
            String source = ctx.queryParam("source") == null ? "upload" : ctx.queryParam("source");
            ctx.status(202).json(deployer.deploy(upload, Access.actor(ctx), source));
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    /** Copies the body to {@code upload}, refusing it as soon as it passes the limit (whatever it declared). */
    private void store(Context ctx, Path upload) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (InputStream in = ctx.bodyInputStream();
                OutputStream out = Files.newOutputStream(upload)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxUploadBytes) throw tooLarge("goes past");
                out.write(buffer, 0, n);
            }
        }
    }

    private ApiException tooLarge(String how) {
        return new ApiException(
                413,
                "body: the upload " + how + " the " + ArchiveLimits.describe(maxUploadBytes)
                        + " limit (gantry server --max-upload, GANTRY_MAX_UPLOAD)");
    }

    private void progress(Context ctx) {
        int from = ctx.queryParam("from") == null ? 0 : intParam(ctx, "from");
        CompletableFuture<Deployment> answer = deployer.deployment(ctx.pathParam("id"), from, waitParam(ctx));
        if (answer.isDone()) ctx.json(answer.join());
        else ctx.future(() -> answer.thenAccept(ctx::json));
    }

    private static Duration waitParam(Context ctx) {
        String v = ctx.queryParam("wait");
        if (v == null) return Duration.ZERO;
        Duration wait;
        try {
            wait = Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "wait: " + e.getMessage());
        }
        if (wait.compareTo(MAX_WAIT) > 0)
            throw new ApiException(400, "wait: must be at most " + MAX_WAIT.toSeconds() + "s, was " + v);
        return wait;
    }

    private void artifact(Context ctx) throws Exception {
        String app = ctx.pathParam("app");
        int n = intPath(ctx, "n");
        store.release(app, n).orElseThrow(() -> ApiException.notFound("release " + n + " of " + app));
        requirePlacedOnCallersHost(ctx, app, n);
        Path file = deployer.artifact(app, n);
        if (!Files.exists(file)) throw ApiException.notFound("artifact of release " + n + " of " + app);
        ctx.contentType("application/gzip");
        ctx.header("Content-Length", String.valueOf(Files.size(file)));
        ctx.result(Files.newInputStream(file));
    }

    /** An agent fetches only what its own host runs. */
    private void requirePlacedOnCallersHost(Context ctx, String app, int release) {
        String host = Access.caller(ctx).map(Credential::host).orElse(null);
        if (host == null) return;
        boolean placed = store.placements(app).stream()
                .anyMatch(p -> p.host().equals(host) && p.spec().release() == release);
        if (!placed) {
            throw new ApiException(
                    403, "release " + release + " of " + app + " is not placed on host " + host + ", the caller's");
        }
    }

    private static int intParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) throw new ApiException(400, name + ": is required");
        return whole(name, v);
    }

    private static int intPath(Context ctx, String name) {
        return whole(name, ctx.pathParam(name));
    }

    private static int whole(String name, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ApiException(400, name + ": must be a whole number, was " + v);
        }
    }
}
