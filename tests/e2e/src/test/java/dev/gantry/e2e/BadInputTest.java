package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.DeploymentState;
import dev.gantry.api.Problem;
import dev.gantry.api.ProblemType;
import dev.gantry.api.Release;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What bad input gets from the API and the CLI: a 4xx or exit 1 that names the field and line. */
class BadInputTest {
    @TempDir
    static Path tmp;

    static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = Platform.start(tmp);
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    @Test
    void aMissingOrWrongTokenGets401AndHealthNeedsNone() {
        Problem missing =
                platform.api.withToken(null).raw("GET", "/api/v1/apps").json(Problem.class);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.kind()).isEqualTo(ProblemType.UNAUTHORIZED);
        assertThat(missing.detail()).contains("missing token");
        assertThat(platform.api
                        .withToken("gty_wrong")
                        .raw("GET", "/api/v1/apps")
                        .status())
                .isEqualTo(401);
        assertThat(platform.api
                        .withToken("gty_wrong")
                        .raw("GET", "/api/v1/apps")
                        .json(Problem.class)
                        .detail())
                .isEqualTo("unknown or revoked token");
        assertThat(platform.api.withToken(null).raw("GET", "/health").status()).isEqualTo(200);
    }

    @Test
    void theTokenFileIsReadableByItsOwnerOnly() throws Exception {
        Path token = tmp.resolve("data/token");
        assertThat(Files.getPosixFilePermissions(token))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aGantryYmlWithNegativeInstancesAndAnUnknownKeyIsRejectedWithLines() throws Exception {
        Path dir = AppDir.write(tmp, "bad-spec", "name: bad\nrun: ./x\ninstances: -1\ninstanse: 2\n");
        Problem p = platform.api.refusedUpload(AppDir.pack(dir));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.kind()).isEqualTo(ProblemType.INVALID_SPEC);
        assertThat(p.problems())
                .contains(
                        "instances: must be >= 1, was -1 (gantry.yml line 3)",
                        "instanse: unknown key, did you mean 'instances'? (gantry.yml line 4)");
        assertThat(platform.api.raw("GET", "/api/v1/apps/bad").status()).isEqualTo(404);
    }

    @Test
    void aGantryYmlWithoutRunOrWithInvalidYamlIsRejected() throws Exception {
        Problem noRun = platform.api.refusedUpload(AppDir.pack(AppDir.write(tmp, "no-run", "name: norun\n")));
        assertThat(noRun.status()).isEqualTo(400);
        assertThat(noRun.problems()).anyMatch(s -> s.contains("run: is required"));
        Problem yaml = platform.api.refusedUpload(AppDir.pack(AppDir.write(tmp, "bad-yaml", "name: x\nrun: [a\n")));
        assertThat(yaml.status()).isEqualTo(400);
        assertThat(yaml.problems()).anyMatch(s -> s.contains("invalid YAML") && s.contains("line"));
    }

    @Test
    void anUploadThatIsNotATarGzOrHasNoGantryYmlIsRejected() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.tar.gz"), "this is not a tarball");
        Problem notTar = platform.api.refusedUpload(junk);
        assertThat(notTar.detail()).startsWith("body: not a gzip-compressed tar archive");
        assertThat(notTar.field()).isEqualTo("body");
        Path empty = Files.createDirectories(tmp.resolve("empty-app"));
        Problem r = platform.api.refusedUpload(AppDir.pack(empty));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.detail()).contains("gantry.yml: not found");
    }

    @Test
    void aSecondDeployWhileTheFirstIsRunningGets409AndTakesNoReleaseNumber() throws Exception {
        Path dir = AppDir.write(tmp, "slow", "name: slow\nrun: sleep 30\ninstances: 1\nhealth_timeout: 4s\n");
        DeploymentAccepted first = platform.api.upload(AppDir.pack(dir));
        Problem second = platform.api.refusedUpload(AppDir.pack(dir));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.kind()).isEqualTo(ProblemType.CONFLICT);
        assertThat(second.detail()).contains("an operation on slow is in progress");
        assertThat(platform.api.awaitDeployment(first).state()).isEqualTo(DeploymentState.FAILED);
        assertThat(platform.api.list("/api/v1/apps/slow/releases", Release.class))
                .hasSize(1);
    }

    @Test
    void unknownAppsAndDeploymentsAre404() {
        Problem app = platform.api.raw("GET", "/api/v1/apps/nope").json(Problem.class);
        assertThat(app.status()).isEqualTo(404);
        assertThat(app.detail()).isEqualTo("app nope not found");
        assertThat(platform.api
                        .raw("POST", "/api/v1/apps/nope/scale?instances=2")
                        .status())
                .isEqualTo(404);
        assertThat(platform.api.raw("GET", "/api/v1/deployments/nope").status()).isEqualTo(404);
        assertThat(platform.api
                        .raw("GET", "/api/v1/nothing-here")
                        .json(Problem.class)
                        .detail())
                .isEqualTo("no such endpoint: GET /api/v1/nothing-here");
    }

    @Test
    void theCliExitsWithOneAndNamesTheFieldAndLine() throws Exception {
        Path dir = AppDir.write(tmp, "cli-bad", "name: clibad\nrun: ./x\n\ninstances: -4\n");
        Cli.Result r = Cli.run(
                tmp,
                "deploy",
                dir.toString(),
                "--server",
                platform.gantry.server().apiUrl(),
                "--token",
                platform.gantry.server().token());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("instances: must be >= 1, was -4 (" + dir.resolve("gantry.yml") + " line 4)");
    }

    @Test
    void theCliSaysClearlyWhenTheControlPlaneIsNotThere() throws Exception {
        Cli.Result r = Cli.run(tmp, "apps", "--server", "http://127.0.0.1:1", "--token", "x");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("cannot reach the control plane at http://127.0.0.1:1");
    }

    /** The CLI as a user runs it: the shaded jar in its own JVM. */
    static final class Cli {
        record Result(int code, String out, String err) {}

        static Result run(Path tmp, String... args) throws Exception {
            Path jar = AppDir.root().resolve("gantry-cli/target/gantry.jar");
            List<String> argv = new java.util.ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
            argv.addAll(List.of(args));
            Path out = Files.createTempFile(tmp, "cli-", ".out");
            Path err = Files.createTempFile(tmp, "cli-", ".err");
            Process p = new ProcessBuilder(argv)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("gantry " + String.join(" ", args) + " did not finish");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        }
    }
}
