package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.AppSummary;
import dev.gantry.api.TokenCreated;
import dev.gantry.api.client.Reply;
import dev.gantry.server.releases.UploadLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code git push production main} with the real git over HTTP against the embedded platform: refused without a
 * credential, with a viewer's, to an unknown app; a passing push is tested, then built, and goes live with its
 * progress and each phase's time in git's output; a failing test rejects the push before any build and changes
 * nothing; another branch is stored, not deployed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PushToDeployTest {
    @TempDir
    static Path tmp;

    static final int BUILD_TIMEOUT_S = 8;
    static Platform platform;
    static GitCli git;
    static String deployer;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = Platform.start(
                tmp, c -> c.withUploads(UploadLimits.DEFAULT.withBuildTimeout(Duration.ofSeconds(BUILD_TIMEOUT_S))));
        deployer = token("pusher", "deployer");
        git = GitCli.init(tmp.resolve("hello-src"), tmp.resolve("home"));
        git.commit(
                "hello, tested",
                Map.of(
                        "gantry.yml",
                        AppDir.helloYml(2, "test: ./test.sh\nbuild: ./build.sh\n"),
                        "test.sh",
                        "#!/bin/sh\necho 'running 3 tests'\necho 'all 3 passed'\n",
                        "build.sh",
                        "#!/bin/sh\necho 'packing hello'\n"));
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    @Test
    @Order(1)
    void aPushWithoutACredentialGets401AndStoresNothing() throws Exception {
        GitCli.Run push = git.run("push", url("hello", null), "main");

        assertThat(push.exit()).as(push.output()).isNotZero();
        assertThat(push.output()).contains("could not read Username");
        HttpResponse<String> raw = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(platform.gantry.server().apiUrl()
                                                + "/git/hello.git/info/refs?service=git-receive-pack"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(raw.statusCode()).isEqualTo(401);
        assertThat(raw.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"gantry\"");
        assertThat(repository("hello")).doesNotExist();
    }

    @Test
    @Order(2)
    void aViewerMayNotPush() throws Exception {
        String viewer = token("reader", "viewer");

        GitCli.Run push = git.run("push", url("hello", viewer), "main");

        assertThat(push.exit()).as(push.output()).isNotZero();
        assertThat(push.output()).contains("credential reader has the role viewer", "403");
        assertThat(repository("hello")).doesNotExist();
    }

    @Test
    @Order(3)
    void aPushToAnUnknownAppIsRefusedNamingItAndLeavesNothing() throws Exception {
        GitCli.Run push = git.run("push", url("nope", deployer), "main");

        assertThat(push.exit()).as(push.output()).isNotZero();
        assertThat(push.output())
                .contains("remote: gantry: gantry.yml names the app hello, but this is the repository of nope")
                .contains("[remote rejected] main -> main (gantry.yml names hello, not nope)");
        assertThat(repository("nope")).doesNotExist();
        assertThat(platform.api.raw("GET", "/api/v1/apps/nope").status()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void aPassingPushIsLiveWithItsProgressInGitsOutput() throws Exception {
        GitCli.Run push = git.run("push", url("hello", deployer), "main");
        System.out.println("$ git push production main\n" + push.output());

        assertThat(push.exit()).as(push.output()).isZero();
        assertThat(push.output())
                .contains("remote: gantry: deploying hello at " + git.head().substring(0, 7))
                .containsPattern("remote: gantry: received [0-9.]+ (B|KiB|MiB) and checked it out in [0-9.]+ s")
                .containsSubsequence(
                        "remote: testing: ./test.sh",
                        "remote: running 3 tests",
                        "remote: all 3 passed",
                        "remote: gantry: tests passed in ",
                        "remote: building: ./build.sh",
                        "remote: packing hello",
                        "remote: gantry: built in ",
                        "remote: gantry: live on 1 host in ")
                .containsPattern("remote: gantry: hello release 1 is live \\(receive [0-9.]+ s, test [0-9.]+ s,"
                        + " build [0-9.]+ s, rollout [0-9.]+ s\\)")
                .contains("* [new branch]      main -> main");
        assertThat(platform.api.get("/api/v1/apps/hello", AppSummary.class).release())
                .isEqualTo(1);
        assertThat(throughRouter()).startsWith("Hello from hello release 1 ");
        assertThat(git.ok("ls-remote", url("hello", deployer), "main")).startsWith(git.head());
    }

    @Test
    @Order(5)
    void aPushWhoseTestFailsIsRejectedWithTheFailureShownAndChangesNothing() throws Exception {
        String live = git.head();
        git.commit("break the tests", Map.of("test.sh", "#!/bin/sh\necho 'expected 2 but was 3'\nexit 1\n"));

        GitCli.Run push = git.run("push", url("hello", deployer), "main");
        System.out.println("$ git push production main\n" + push.output());

        assertThat(push.exit()).as(push.output()).isNotZero();
        assertThat(push.output())
                .contains("remote: expected 2 but was 3")
                .contains("remote: gantry: deploy failed: tests failed (exit code 1)")
                .doesNotContain("remote: building: ", "tests passed")
                .contains("! [remote rejected] main -> main (tests failed (exit code 1))");
        assertThat(platform.api.get("/api/v1/apps/hello", AppSummary.class).release())
                .isEqualTo(1);
        assertThat(throughRouter()).startsWith("Hello from hello release 1 ");
        assertThat(git.ok("ls-remote", url("hello", deployer), "main")).startsWith(live);
    }

    @Test
    @Order(6)
    void aPushToAnotherBranchIsStoredAndNotDeployed() throws Exception {
        git.ok("checkout", "-q", "-b", "feature");
        int releases = platform.api
                .raw("GET", "/api/v1/apps/hello/releases")
                .json(java.util.List.class)
                .size();

        GitCli.Run push = git.run("push", url("hello", deployer), "feature");

        assertThat(push.exit()).as(push.output()).isZero();
        assertThat(push.output()).contains("remote: gantry: stored; only a push to main deploys hello");
        assertThat(git.ok("ls-remote", url("hello", deployer), "feature")).startsWith(git.head());
        assertThat(platform.api.raw("GET", "/api/v1/apps/hello/releases").json(java.util.List.class))
                .hasSize(releases);
        assertThat(platform.api.get("/api/v1/apps/hello", AppSummary.class).release())
                .isEqualTo(1);
    }

    @Test
    @Order(7)
    void aTestThatRunsForeverIsKilledAtTheLimitWithItsOutputCapped() throws Exception {
        git.ok("checkout", "-q", "main");
        git.commit("a test that hangs", Map.of("test.sh", "#!/bin/sh\nseq 1 2500\nexec sleep 600\n"));

        GitCli.Run push = git.run("push", url("hello", deployer), "main");

        assertThat(push.exit()).as(push.output()).isNotZero();
        assertThat(push.output())
                .contains(
                        "remote: 1999", "! [remote rejected] main -> main (tests failed (timed out after 8s, killed))")
                .doesNotContain("remote: 2500")
                .containsPattern("remote: gantry: \\(5\\d\\d more lines of output not shown");
        assertThat(platform.api.get("/api/v1/apps/hello", AppSummary.class).release())
                .isEqualTo(1);
    }

    @Test
    @Order(8)
    void aViewerMayCloneWhatWasPushed() throws Exception {
        String viewer = token("cloner", "viewer");
        Path clone = tmp.resolve("clone");

        GitCli.Run run = git.run("clone", "-q", url("hello", viewer), clone.toString());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(clone.resolve("gantry.yml")).exists();
        assertThat(git.ok("-C", clone.toString(), "branch", "-r")).contains("origin/main", "origin/feature");
    }

    @Test
    @Order(9)
    void theRepositoriesAreOpenToNoOtherUser() throws Exception {
        assertThat(OpenFiles.under(platform.dir.resolve("data").resolve("git"), java.util.List.of()))
                .isEmpty();
    }

    private static String throughRouter() throws Exception {
        return HttpClient.newHttpClient()
                .send(LoadLoop.get(platform.routerPort(), "hello.localhost", "/"), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static Path repository(String app) {
        return platform.dir.resolve("data").resolve("git").resolve(app + ".git");
    }

    private static String url(String app, String credential) {
        String api = platform.gantry.server().apiUrl();
        String auth = credential == null ? "" : "git:" + credential + "@";
        return api.replace("http://", "http://" + auth) + "/git/" + app + ".git";
    }

    private static String token(String name, String role) {
        Reply r = platform.api.raw("POST", "/api/v1/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json(TokenCreated.class).token();
    }
}
