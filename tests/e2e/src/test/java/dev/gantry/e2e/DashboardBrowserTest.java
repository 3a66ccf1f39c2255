package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gantry.api.TokenCreated;
import dev.gantry.api.client.Reply;
import dev.gantry.api.flags.AuditEntry;
import dev.gantry.flags.Flag;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static String base(Platform platform) {
        return platform.gantry.server().apiUrl();
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
