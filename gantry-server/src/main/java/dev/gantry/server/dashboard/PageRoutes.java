package dev.gantry.server.dashboard;

import dev.gantry.server.web.ApiException;
import dev.gantry.server.web.ApiRoutes;
import dev.gantry.server.web.Endpoint.Content;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard page, open to anyone (it holds no secret; its data needs a login): {@code /} and
 * {@code /index.html}, the files of the classpath folder {@code dashboard/}, and uPlot from its WebJar. Only plain
 * file names are served (no folder, no {@code ..}); each with a content security policy that allows this origin's
 * scripts and styles only, no framing, and an entity tag so a browser revalidates without downloading again.
 */
final class PageRoutes {
    static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'";
    private static final String FOLDER = "dashboard/";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final Map<String, String> VENDOR =
            Map.of("uPlot.iife.min.js", "text/javascript", "uPlot.min.css", "text/css");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}\\.(html|js|css|svg|png|ico)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html",
            "js", "text/javascript",
            "css", "text/css",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");
    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    void register(ApiRoutes routes) {
        for (String path : new String[] {"/", "/index.html"}) {
            routes.get(path)
                    .summary("The dashboard page")
                    .open()
                    .returns(200, Content.of("text/html"))
                    .returns(304, Content.NONE)
                    .errors(404)
                    .handle(ctx -> serve(ctx, "index.html"));
        }
        routes.get("/dashboard/{file}")
                .summary("A file of the dashboard page (script, style sheet, image)")
                .open()
                .returns(200, Content.of("text/javascript"))
                .returns(200, Content.of("text/css"))
                .returns(200, Content.of("text/html"))
                .returns(304, Content.NONE)
                .errors(404)
                .handle(ctx -> serve(ctx, ctx.pathParam("file")));
        routes.get("/dashboard/vendor/{file}")
                .summary("uPlot, the dashboard's charts, from its WebJar: uPlot.iife.min.js, uPlot.min.css")
                .open()
                .returns(200, Content.of("text/javascript"))
                .returns(200, Content.of("text/css"))
                .returns(304, Content.NONE)
                .errors(404)
                .handle(this::vendor);
    }

    private void serve(Context ctx, String file) {
        Matcher m = FILE.matcher(file);
        if (!m.matches()) throw ApiException.notFound("dashboard file " + file);
        send(ctx, asset(FOLDER + file, TYPES.get(m.group(1))), file);
    }

    private void vendor(Context ctx) {
        String file = ctx.pathParam("file");
        String type = VENDOR.get(file);
        if (type == null) throw ApiException.notFound("dashboard file vendor/" + file);
        send(ctx, asset(UPLOT + file, type), "vendor/" + file);
    }

    private Optional<Asset> asset(String path, String type) {
        return cache.computeIfAbsent(path, p -> Asset.load(p, type));
    }

    private static void send(Context ctx, Optional<Asset> found, String name) {
        Asset a = found.orElseThrow(() -> ApiException.notFound("dashboard file " + name));
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", a.etag());
        if (a.matches(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        String type = a.mediaType().startsWith("text/") ? a.mediaType() + "; charset=utf-8" : a.mediaType();
        ctx.contentType(type).result(a.bytes());
    }
}
