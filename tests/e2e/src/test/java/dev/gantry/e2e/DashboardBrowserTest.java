package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gantry.api.Deployment;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.InstanceView;
import dev.gantry.api.TokenCreated;
import dev.gantry.api.client.Reply;
import dev.gantry.api.flags.AuditEntry;
import dev.gantry.flags.Flag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser (Debian's headless Chromium through Selenium): an operator logs in, sees every
 * instance green, watches one turn red after {@code kill -9} and green after the agent restarts it, watches a rolling
 * deploy replace the boxes one at a time, flips a flag with a reason, and a viewer finds the toggle disabled.
 * Screenshots of each stage go to target/screenshots.
 */
class DashboardBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String FLAG = "dashboard-demo";
    private static final int INSTANCES = 3;

    @TempDir
    Path tmp;

    /** Where Selenium Manager would unpack itself and put what it downloads: it must never run. */
    private static Path seleniumCache;

    @BeforeAll
    static void browserInstalledAndSeleniumManagerOffline() throws Exception {
        assumeTrue(
                DashboardPage.browserInstalled(),
                "skipped: the browser test needs Debian's chromium and chromium-driver (" + DashboardPage.CHROMIUM
                        + ", " + DashboardPage.CHROMEDRIVER + "): apt-get install chromium chromium-driver");
        // Selenium Manager runs only when a binary is not named; if it ever did, it would stay offline
        // (SE_OFFLINE) and unpack into this folder, which must still not exist after the tests.
        seleniumCache = Files.createTempDirectory("selenium-cache-").resolve("never-created");
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("SE_CACHE_PATH", seleniumCache.toString());
    }

    @AfterAll
    static void seleniumManagerNeverRan() {
        if (seleniumCache != null)
            assertThat(seleniumCache)
                    .as("Selenium Manager never ran (nothing unpacked or downloaded)")
                    .doesNotExist();
    }

    @Test
    void aWrongTokenIsRefusedAnAdminFlipsAFlagWithAReasonAndAViewerFindsTheToggleDisabled() throws Exception {
        try (Platform platform = Platform.start(tmp);
                DashboardPage page = DashboardPage.open(base(platform), tmp.resolve("profile"), SCREENSHOTS)) {
            putFlag(platform);
            assertThat(page.login("not-a-credential")).isEqualTo("wrong token");
            page.screenshot("login-refused");
            assertThat(page.login(platform.gantry.server().token())).isEmpty();
            assertThat(page.who()).endsWith("admin");
            page.waitUntil(d -> page.visible("flag-toggle-" + FLAG));
            assertThat(page.flagState(FLAG)).isEqualTo("on");

            page.toggleFlag(FLAG, "switched off from the dashboard by the browser test");
            assertThat(page.flagState(FLAG)).isEqualTo("off");
            Flag flag = platform.api.get("/api/v1/flags/" + FLAG, Flag.class);
            assertThat(flag.environments().get("production").enabled()).isFalse();
            assertThat(platform.api
                            .list("/api/v1/flags/" + FLAG + "/history", AuditEntry.class)
                            .getFirst()
                            .reason())
                    .isEqualTo("switched off from the dashboard by the browser test");
            page.screenshot("flag-off");

            TokenCreated viewer = createToken(platform, "dashboard-viewer", "viewer");
            page.logout();
            assertThat(page.login(viewer.token())).isEmpty();
            assertThat(page.who()).isEqualTo("dashboard-viewer viewer");
            page.waitUntil(d -> page.visible("flag-toggle-" + FLAG));
            assertThat(page.toggleEnabled(FLAG)).as("a viewer's toggle").isFalse();
            page.screenshot("viewer");
        }
    }

    @Test
    void anOperatorWatchesAnInstanceDieAndComeBackAndARollingDeployMoveBoxByBox() throws Exception {
        long started = System.nanoTime();
        try (Platform platform = Platform.start(tmp)) {
            putFlag(platform);
            Path app = AppDir.write(tmp, "hello", AppDir.helloYml(INSTANCES, ""));
            Deployment first = platform.deploy(app);
            assertThat(first.state()).as(first.toString()).isEqualTo(DeploymentState.SUCCEEDED);
            List<String> ids =
                    platform.instances("hello").stream().map(InstanceView::id).toList();
            // light traffic through the router, so the request and latency charts have something to show
            try (LoadLoop traffic = LoadLoop.start(
                            Duration.ofMinutes(5),
                            2,
                            10,
                            10_000,
                            () -> LoadLoop.get(platform.routerPort(), "hello.localhost", "/"),
                            r -> true);
                    DashboardPage page = DashboardPage.open(base(platform), tmp.resolve("profile"), SCREENSHOTS)) {
                assertThat(page.login(platform.gantry.server().token())).isEmpty();
                page.waitUntil(d -> allReady(page.boxes("hello"), ids));
                assertThat(ids)
                        .allSatisfy(id -> assertThat(page.green(id)).as(id).isTrue());
                page.screenshot("all-green");

                watchKillAndRestart(platform, page, ids.getFirst());
                page.openInstanceCharts(ids.get(1));
                page.screenshot("instance-charts");
                page.closeInstanceCharts();

                rollingDeployMovesBoxByBox(platform, page, app, first.release());
                page.waitUntil(d -> page.history("hello").size() >= 2);
                assertThat(page.history("hello"))
                        .as("the deploy history the page lists")
                        .anyMatch(line -> line.contains("deploy"));
            }
        }
        System.out.println("dashboard browser scenario took "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms, screenshots in "
                + SCREENSHOTS.toAbsolutePath());
    }

    private static String base(Platform platform) {
        return platform.gantry.server().apiUrl();
    }

    /** kill -9 of one instance: its box turns red (the time is printed, not asserted), then green again. */
    private static void watchKillAndRestart(Platform platform, DashboardPage page, String victim) throws Exception {
        long pid = platform.pidOf(victim);
        page.recordBoxes();
        long killedAt = System.currentTimeMillis();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        page.waitUntil(d -> !"READY".equals(page.boxes("hello").get(victim)));
        long redAt = page.boxLog().stream()
                .filter(c -> c.boxes().stream().anyMatch(b -> b.id().equals(victim) && !"READY".equals(b.state())))
                .findFirst()
                .orElseThrow()
                .at();
        System.out.println("instance box red after " + (redAt - killedAt) + " ms (kill -9 of " + victim + ")");
        assertThat(page.green(victim)).isFalse();
        page.screenshot("one-red");
        page.waitUntil(
                Duration.ofSeconds(60), d -> "READY".equals(page.boxes("hello").get(victim)));
        assertThat(page.green(victim)).isTrue();
        assertThat(platform.pidOf(victim)).as("restarted").isNotEqualTo(pid);
        page.screenshot("green-again");
    }

    /**
     * A second deploy (rolling, one instance at a time): new boxes turn green one by one while old ones still are,
     * and the app never has fewer green boxes than it needs.
     */
    private static void rollingDeployMovesBoxByBox(Platform platform, DashboardPage page, Path app, int oldRelease)
            throws Exception {
        int newRelease = oldRelease + 1;
        page.recordBoxes();
        DeploymentAccepted accepted = platform.api.upload(AppDir.pack(app));
        page.waitUntil(Duration.ofMinutes(2), d -> page.boxLog().stream().anyMatch(c -> ready(c, newRelease) == 1));
        page.screenshot("rolling");
        page.waitUntil(
                Duration.ofMinutes(3),
                d -> page.boxLog().getLast().boxes().stream()
                        .allMatch(b -> b.release() == newRelease && b.state().equals("READY")));
        Deployment done = platform.api.awaitDeployment(accepted);
        assertThat(done.state()).as(done.toString()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(done.release()).isEqualTo(newRelease);

        List<DashboardPage.BoxChange> log = page.boxLog();
        StringBuilder seen = new StringBuilder();
        for (DashboardPage.BoxChange c : log)
            seen.append(String.format(
                    "%n  +%5d ms  old green %d, new green %d, boxes %d",
                    c.at() - log.getFirst().at(),
                    ready(c, oldRelease),
                    ready(c, newRelease),
                    c.boxes().size()));
        System.out.println("rolling deploy as the page drew it:" + seen);
        assertThat(log.getLast().boxes()).hasSize(INSTANCES);
        for (int k = 1; k <= INSTANCES; k++) {
            int newGreen = k;
            assertThat(log)
                    .as("a moment with exactly %d new box(es) green: the boxes move one at a time%s", k, seen)
                    .anyMatch(c -> ready(c, newRelease) == newGreen);
        }
        assertThat(log)
                .as("a moment with old and new boxes green side by side%s", seen)
                .anyMatch(c -> ready(c, newRelease) >= 1 && ready(c, oldRelease) >= 1);
        assertThat(log)
                .as("never fewer green boxes than %d - 1 (maxUnavailable 0, a box drawn late)%s", INSTANCES, seen)
                .allMatch(c -> ready(c, oldRelease) + ready(c, newRelease) >= INSTANCES - 1);
        page.screenshot("rolled");
    }

    private static long ready(DashboardPage.BoxChange c, int release) {
        return c.boxes().stream()
                .filter(b -> b.release() == release && b.state().equals("READY"))
                .count();
    }

    private static boolean allReady(Map<String, String> boxes, List<String> ids) {
        return ids.stream().allMatch(id -> "READY".equals(boxes.get(id)));
    }

    private static void putFlag(Platform platform) {
        String json = "{\"key\":\"" + FLAG + "\",\"type\":\"boolean\",\"variants\":{\"on\":true,\"off\":false},"
                + "\"environments\":{\"production\":{\"enabled\":true,\"defaultVariant\":\"on\"}},"
                + "\"reason\":\"the browser test's flag\"}";
        Reply r = platform.api.raw("PUT", "/api/v1/flags/" + FLAG, json);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private static TokenCreated createToken(Platform platform, String name, String role) {
        Reply r = platform.api.raw("POST", "/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json(TokenCreated.class);
    }
}
