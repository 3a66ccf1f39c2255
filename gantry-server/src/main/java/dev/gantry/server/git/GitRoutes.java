package dev.gantry.server.git;

import dev.gantry.api.files.OwnerOnly;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.git.GitAccess.Service;
import dev.gantry.server.releases.Deployer;
import dev.gantry.server.releases.UploadLimits;
import dev.gantry.server.tokens.Credential;
import dev.gantry.server.tokens.CredentialStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RefAdvertiser.PacketLineOutRefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * git's smart HTTP protocol at {@code /git/{app}.git}: the ref advertisement ({@code info/refs?service=...}),
 * {@code git-receive-pack} (push) and {@code git-upload-pack} (fetch, clone), served with JGit's
 * {@link ReceivePack} and {@link UploadPack} in plain Javalin handlers.
 *
 * <p>Not JGit's {@code GitServlet}: it buffers each response up to 32 KiB before sending any of it
 * ({@code SmartOutputStream}), so the build's and rollout's lines would reach the pusher in lumps, and it would sit
 * beside Javalin with its own authentication and error pages. Here the response is the servlet's stream, flushed
 * after every progress line ({@link RemoteLines}).
 *
 * <p>These routes are not in {@code /api/v1/openapi.json}: git's protocol describes them. Errors before the
 * protocol starts are {@code text/plain}, which git shows as {@code remote: ...} lines.
 */
public final class GitRoutes {
    /** Where the repositories are served. */
    public static final String PREFIX = "/git/";

    private static final Logger log = LoggerFactory.getLogger(GitRoutes.class);
    private final GitAccess access;
    private final RepositoryStore repositories;
    private final PushDeploy pushes;
    private final long maxPackBytes;

    /**
     * The routes over the repositories in {@code dataDir/git}: a push may send a pack as large as an upload and
     * expand as far, and deploys through {@code deployer}.
     */
    public static GitRoutes create(
            CredentialStore credentials,
            Clock clock,
            Deployer deployer,
            AppStore apps,
            Path dataDir,
            UploadLimits uploads,
            PushLimits limits) {
        return new GitRoutes(
                new GitAccess(credentials, clock),
                new RepositoryStore(dataDir),
                new PushDeploy(deployer, apps, dataDir, uploads.unpack(), limits),
                uploads.maxBytes());
    }

    GitRoutes(GitAccess access, RepositoryStore repositories, PushDeploy pushes, long maxPackBytes) {
        this.access = access;
        this.repositories = repositories;
        this.pushes = pushes;
        this.maxPackBytes = maxPackBytes;
    }

    public void register(RoutesConfig routes) {
        routes.get(PREFIX + "{repo}/info/refs", ctx -> answer(ctx, this::advertise));
        routes.post(PREFIX + "{repo}/git-receive-pack", ctx -> answer(ctx, this::receive));
        routes.post(PREFIX + "{repo}/git-upload-pack", ctx -> answer(ctx, this::upload));
    }

    private interface GitHandler {
        void handle(Context ctx) throws IOException;
    }

    private static void answer(Context ctx, GitHandler handler) throws IOException {
        try {
            handler.handle(ctx);
        } catch (GitRefusal e) {
            if (e.status() == 401) ctx.header("WWW-Authenticate", GitAccess.CHALLENGE);
            ctx.status(e.status()).contentType("text/plain; charset=utf-8").result(e.getMessage() + "\n");
        }
    }

    private void advertise(Context ctx) throws IOException {
        String app = RepositoryStore.appOf(ctx.pathParam("repo"));
        String name = ctx.queryParam("service");
        if (name == null)
            throw new GitRefusal(400, "service: is required; only git's smart HTTP protocol is served (git 1.6.6+)");
        Service service = Service.named(name);
        access.check(ctx, service, app);
        Optional<Repository> stored = repositories.open(app);
        if (stored.isEmpty() && service == Service.UPLOAD) throw nothingPushed(app);
        try (Repository repo = stored.orElseGet(() -> new InMemoryRepository(new DfsRepositoryDescription(app)))) {
            ctx.status(200);
            ctx.res().setContentType("application/x-" + service.protocolName + "-advertisement");
            ctx.res().setHeader("Cache-Control", "no-cache, max-age=0, must-revalidate");
            OutputStream out = ctx.res().getOutputStream();
            PacketLineOut packets = new PacketLineOut(out);
            packets.writeString("# service=" + service.protocolName + "\n");
            packets.end();
            PacketLineOutRefAdvertiser refs = new PacketLineOutRefAdvertiser(packets);
            if (service == Service.RECEIVE) {
                ReceivePack rp = receivePack(repo);
                rp.sendAdvertisedRefs(refs);
            } else {
                UploadPack up = new UploadPack(repo);
                up.setBiDirectionalPipe(false);
                up.sendAdvertisedRefs(refs);
            }
            out.flush();
        }
    }

    private void receive(Context ctx) throws IOException {
        String app = RepositoryStore.appOf(ctx.pathParam("repo"));
        Credential pusher = access.check(ctx, Service.RECEIVE, app);
        long started = System.nanoTime();
        try (Repository repo = repositories.openOrCreate(app)) {
            ReceivePack rp = receivePack(repo);
            CountingInputStream sent = new CountingInputStream(ctx.req().getInputStream());
            rp.setPreReceiveHook(pushes.hook(app, pusher.name(), new PushDeploy.Received(started, sent::count)));
            ctx.status(200);
            ctx.res().setContentType("application/x-git-receive-pack-result");
            ctx.res().setHeader("Cache-Control", "no-cache, max-age=0, must-revalidate");
            rp.receive(body(ctx, sent), ctx.res().getOutputStream(), null);
        } finally {
            if (repositories.deleteIfEmpty(app)) log.info("git push refused, repository removed app={}", app);
            else OwnerOnly.restrict(repositories.directory(app));
        }
    }

    private void upload(Context ctx) throws IOException {
        String app = RepositoryStore.appOf(ctx.pathParam("repo"));
        access.check(ctx, Service.UPLOAD, app);
        try (Repository repo = repositories.open(app).orElseThrow(() -> nothingPushed(app))) {
            UploadPack up = new UploadPack(repo);
            up.setBiDirectionalPipe(false);
            ctx.status(200);
            ctx.res().setContentType("application/x-git-upload-pack-result");
            ctx.res().setHeader("Cache-Control", "no-cache, max-age=0, must-revalidate");
            up.upload(body(ctx, ctx.req().getInputStream()), ctx.res().getOutputStream(), null);
        }
    }

    /** Refs checked like {@code receive.fsckObjects}, the pack bounded, deletes allowed (the hook refuses the deploy branch's). */
    private ReceivePack receivePack(Repository repo) {
        ReceivePack rp = new ReceivePack(repo);
        rp.setBiDirectionalPipe(false);
        rp.setCheckReceivedObjects(true);
        rp.setMaxPackSizeLimit(maxPackBytes);
        return rp;
    }

    private static InputStream body(Context ctx, InputStream in) throws IOException {
        return "gzip".equalsIgnoreCase(ctx.header("Content-Encoding")) ? new GZIPInputStream(in) : in;
    }

    /** The request body's bytes as they are read: how large a push was, as sent (before any gzip is undone). */
    private static final class CountingInputStream extends FilterInputStream {
        private final AtomicLong count = new AtomicLong();

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count.get();
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count.incrementAndGet();
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count.addAndGet(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count.addAndGet(skipped);
            return skipped;
        }
    }

    private static GitRefusal nothingPushed(String app) {
        return new GitRefusal(404, "no repository for app " + app + ": nothing was pushed to it yet");
    }
}
