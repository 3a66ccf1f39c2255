package dev.gantry.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
    assertThat(platform.api.withToken(null, "/api/v1/apps").status()).isEqualTo(401);
    assertThat(platform.api.withToken(null, "/api/v1/apps").body()).contains("missing token");
    assertThat(platform.api.withToken("gty_wrong", "/api/v1/apps").status()).isEqualTo(401);
    assertThat(platform.api.withToken("gty_wrong", "/api/v1/apps").body()).contains("wrong token");
    assertThat(platform.api.withToken(null, "/health").status()).isEqualTo(200);
  }

  @Test
  void theTokenFileIsReadableByItsOwnerOnly() throws Exception {
    Path token = tmp.resolve("data/token");
    assertThat(Files.getPosixFilePermissions(token)).containsExactlyInAnyOrder(
        java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void aGantryYmlWithNegativeInstancesAndAnUnknownKeyIsRejectedWithLines() throws Exception {
    Path dir = AppDir.write(tmp, "bad-spec", "name: bad\nrun: ./x\ninstances: -1\ninstanse: 2\n");
    TestApi.Reply r = platform.api.postFile("/api/v1/deploys", AppDir.pack(dir));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("problems").toString())
        .contains("instances: must be >= 1, was -1 (gantry.yml line 3)")
        .contains("instanse: unknown key, did you mean 'instances'? (gantry.yml line 4)");
    assertThat(platform.api.get("/api/v1/apps/bad").status()).isEqualTo(404);
  }

  @Test
  void aGantryYmlWithoutRunOrWithInvalidYamlIsRejected() throws Exception {
    TestApi.Reply noRun = platform.api.postFile("/api/v1/deploys", AppDir.pack(AppDir.write(tmp, "no-run", "name: norun\n")));
    assertThat(noRun.status()).isEqualTo(400);
    assertThat(noRun.body()).contains("run: is required");
    TestApi.Reply yaml = platform.api.postFile("/api/v1/deploys", AppDir.pack(AppDir.write(tmp, "bad-yaml", "name: x\nrun: [a\n")));
    assertThat(yaml.status()).isEqualTo(400);
    assertThat(yaml.body()).contains("invalid YAML").contains("line");
  }

  @Test
  void anUploadThatIsNotATarGzOrHasNoGantryYmlIsRejected() throws Exception {
    Path junk = Files.writeString(tmp.resolve("junk.tar.gz"), "this is not a tarball");
    assertThat(platform.api.postFile("/api/v1/deploys", junk).body()).contains("not a gzip-compressed tar archive");
    Path empty = Files.createDirectories(tmp.resolve("empty-app"));
    TestApi.Reply r = platform.api.postFile("/api/v1/deploys", AppDir.pack(empty));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("gantry.yml: not found");
  }

  @Test
  void aSecondDeployWhileTheFirstIsRunningGets409AndTakesNoReleaseNumber() throws Exception {
    Path dir = AppDir.write(tmp, "slow", "name: slow\nrun: sleep 30\ninstances: 1\nhealth_timeout: 4s\n");
    TestApi.Reply first = platform.api.postFile("/api/v1/deploys", AppDir.pack(dir));
    TestApi.Reply second = platform.api.postFile("/api/v1/deploys", AppDir.pack(dir));
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.body()).contains("an operation on slow is in progress");
    assertThat(platform.api.awaitDeployment(first).path("state").asText()).isEqualTo("FAILED");
    assertThat(platform.api.get("/api/v1/apps/slow/releases").json()).hasSize(1);
  }

  @Test
  void unknownAppsAndDeploymentsAre404() {
    assertThat(platform.api.get("/api/v1/apps/nope").status()).isEqualTo(404);
    assertThat(platform.api.get("/api/v1/apps/nope").body()).contains("app nope not found");
    assertThat(platform.api.post("/api/v1/apps/nope/scale?instances=2").status()).isEqualTo(404);
    assertThat(platform.api.get("/api/v1/deployments/nope").status()).isEqualTo(404);
  }

  @Test
  void theCliExitsWithOneAndNamesTheFieldAndLine() throws Exception {
    Path dir = AppDir.write(tmp, "cli-bad", "name: clibad\nrun: ./x\n\ninstances: -4\n");
    Cli.Result r = Cli.run(tmp, "deploy", dir.toString(), "--server", platform.gantry.server().apiUrl(),
        "--token", platform.gantry.server().token());
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
    record Result(int code, String out, String err) {
    }

    static Result run(Path tmp, String... args) throws Exception {
      Path jar = AppDir.root().resolve("gantry-cli/target/gantry.jar");
      List<String> argv = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
      argv.addAll(List.of(args));
      Path out = Files.createTempFile(tmp, "cli-", ".out");
      Path err = Files.createTempFile(tmp, "cli-", ".err");
      Process p = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("gantry " + String.join(" ", args) + " did not finish");
      }
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
  }
}
