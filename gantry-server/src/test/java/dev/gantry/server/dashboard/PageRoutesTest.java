package dev.gantry.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's files from a real control plane, without a login: headers, entity tags, what is not served. */
class PageRoutesTest {
    @TempDir
    static Path dir;

    static GantryServer server;
    static Browser anonymous;

    @BeforeAll
    static void start() throws Exception {
        server = GantryServer.start(ServerConfig.of(dir.resolve("data"), 0), List.of());
        anonymous = new Browser(server.apiUrl());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theRootServesThePageWithTheSecurityHeaders() throws Exception {
        HttpResponse<String> page = anonymous.get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .isEqualTo("default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(page.body()).containsIgnoringCase("<html");
        assertThat(anonymous.get("/index.html").body()).isEqualTo(page.body());
    }

    @Test
    void aBrowserThatHasTheFileRevalidatesWithItsEntityTag() throws Exception {
        HttpResponse<String> first = anonymous.get("/dashboard/vendor/uPlot.iife.min.js");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again =
                anonymous.send("GET", "/dashboard/vendor/uPlot.iife.min.js", null, Map.of("If-None-Match", etag));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(first.body()).contains("uPlot");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(anonymous.get("/dashboard/vendor/uPlot.min.css").headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
    }

    @Test
    void thePagesScriptAndStyleSheetAreServedFromTheJar() throws Exception {
        assertThat(anonymous.get("/dashboard/dashboard.js").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/dashboard/dashboard.css").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownFilesAndPathsOutOfTheFolderAreNotServed() throws Exception {
        for (String path : List.of(
                "/dashboard/nothing.js",
                "/dashboard/vendor/uPlot.cjs.js",
                "/dashboard/..%2Fpom.xml",
                "/dashboard/%2e%2e%2Fpom.xml",
                "/dashboard/.hidden.js",
                "/dashboard/vendor/..%2F..%2FMETA-INF%2FMANIFEST.MF",
                "/dashboard/dev/gantry/server/GantryServer.class")) {
            HttpResponse<String> r = anonymous.get(path);
            assertThat(r.statusCode()).as(path).isIn(400, 404);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow())
                    .as(path)
                    .doesNotContain("javascript", "html");
            assertThat(r.body()).as(path).doesNotContain("Manifest-Version", "<project");
        }
        assertThat(SessionTest.detail(anonymous.get("/dashboard/nothing.js")))
                .isEqualTo("dashboard file nothing.js not found");
    }
}
