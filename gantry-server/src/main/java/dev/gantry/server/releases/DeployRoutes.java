package dev.gantry.server.releases;

import dev.gantry.server.apps.AppStore;
import dev.gantry.server.web.Access;
import dev.gantry.server.web.ApiException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** Deploys, rollbacks, scaling and the release artifacts agents download. */
public final class DeployRoutes {
  private final Deployer deployer;
  private final AppStore store;
  private final Path uploads;

  public DeployRoutes(Deployer deployer, AppStore store, Path dataDir) {
    this.deployer = deployer;
    this.store = store;
    this.uploads = dataDir.resolve("uploads");
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/v1/deploys", this::deploy);
    routes.get("/api/v1/deployments/{id}", this::progress);
    routes.post("/api/v1/apps/{app}/rollback", ctx -> accepted(ctx, deployer.rollback(ctx.pathParam("app"),
        ctx.queryParam("release") == null ? null : intParam(ctx, "release"), Access.actor(ctx))));
    routes.post("/api/v1/apps/{app}/scale", ctx -> accepted(ctx, deployer.scale(ctx.pathParam("app"),
        intParam(ctx, "instances"), Access.actor(ctx))));
    routes.post("/api/v1/apps/{app}/stop", ctx -> accepted(ctx, deployer.stop(ctx.pathParam("app"), Access.actor(ctx))));
    routes.get("/api/v1/apps/{app}/releases/{n}/artifact", this::artifact);
  }

  private void deploy(Context ctx) throws Exception {
    Files.createDirectories(uploads);
    Path upload = Files.createTempFile(uploads, "upload-", ".tar.gz");
    try (InputStream in = ctx.bodyInputStream()) {
      Files.copy(in, upload, StandardCopyOption.REPLACE_EXISTING);
      if (Files.size(upload) == 0) throw new ApiException(400, "body: empty; send the app directory as a tar.gz");
      String source = ctx.queryParam("source") == null ? "upload" : ctx.queryParam("source");
      accepted(ctx, deployer.deploy(upload, Access.actor(ctx), source));
    } finally {
      Files.deleteIfExists(upload);
    }
  }

  private void progress(Context ctx) {
    int from = ctx.queryParam("from") == null ? 0 : intParam(ctx, "from");
    Deployment d = deployer.deployment(ctx.pathParam("id"))
        .orElseThrow(() -> ApiException.notFound("deployment " + ctx.pathParam("id")));
    ctx.json(d.view(from));
  }

  private void artifact(Context ctx) throws Exception {
    String app = ctx.pathParam("app");
    int n = Integer.parseInt(ctx.pathParam("n"));
    store.release(app, n).orElseThrow(() -> ApiException.notFound("release " + n + " of " + app));
    Path file = deployer.artifact(app, n);
    if (!Files.exists(file)) throw ApiException.notFound("artifact of release " + n + " of " + app);
    ctx.contentType("application/gzip");
    ctx.header("Content-Length", String.valueOf(Files.size(file)));
    ctx.result(Files.newInputStream(file));
  }

  private static void accepted(Context ctx, Deployment d) {
    ctx.status(202).json(Map.of("deployment", d.id(), "app", d.app(), "release", d.release()));
  }

  private static int intParam(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null) throw new ApiException(400, name + ": is required");
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ApiException(400, name + ": must be a whole number, was " + v);
    }
  }
}
