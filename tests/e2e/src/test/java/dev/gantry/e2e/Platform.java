package dev.gantry.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gantry.cli.Embedded;
import dev.gantry.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The embedded shape started for one test on free ports in a temp dir: control plane, agent, router. */
final class Platform implements AutoCloseable {
  final Embedded gantry;
  final TestApi api;
  final Path dir;

  private Platform(Embedded gantry, Path dir) {
    this.gantry = gantry;
    this.dir = dir;
    this.api = new TestApi(gantry.server().apiUrl(), gantry.server().token());
  }

  static Platform start(Path dir) throws Exception {
    ServerConfig config = new ServerConfig(dir.resolve("data"), "127.0.0.1", 0, null, Duration.ofMillis(1000));
    return new Platform(Embedded.start(config, 0, "local", 0), dir);
  }

  int routerPort() {
    return gantry.routerPort();
  }

  /** Deploys an app directory through the API and returns the deployment's final view. */
  JsonNode deploy(Path appDir) throws IOException, InterruptedException {
    return api.awaitDeployment(api.postFile("/api/v1/deploys?source=test", AppDir.pack(appDir)));
  }

  List<JsonNode> instances(String app) {
    List<JsonNode> out = new ArrayList<>();
    api.get("/api/v1/instances?app=" + app).json().forEach(out::add);
    return out;
  }

  long pidOf(String instanceId) {
    for (JsonNode agent : api.get("/api/v1/agents").json()) {
      for (JsonNode i : agent.path("instances")) {
        if (i.path("id").asText().equals(instanceId)) return i.path("pid").asLong();
      }
    }
    throw new AssertionError("no pid reported for " + instanceId);
  }

  @Override
  public void close() {
    gantry.close(true);
  }
}
