package dev.gantry.e2e;

import dev.gantry.api.AgentReport;
import dev.gantry.api.Deployment;
import dev.gantry.api.HistoryEvent;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.InstanceView;
import dev.gantry.api.canary.CanaryStatus;
import dev.gantry.cli.Embedded;
import dev.gantry.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
        return start(dir, c -> c);
    }

    /** The platform with its control plane's configuration changed by {@code adjust} (limits, ...). */
    static Platform start(Path dir, java.util.function.UnaryOperator<ServerConfig> adjust) throws Exception {
        ServerConfig config = new ServerConfig(dir.resolve("data"), "127.0.0.1", 0, null, Duration.ofMillis(1000));
        return new Platform(Embedded.start(adjust.apply(config), 0, "local", 0), dir);
    }

    int routerPort() {
        return gantry.routerPort();
    }

    /** Deploys an app directory through the API and returns the deployment's final view. */
    Deployment deploy(Path appDir) throws IOException, InterruptedException {
        return api.awaitDeployment(api.upload(AppDir.pack(appDir)));
    }

    List<InstanceView> instances(String app) {
        return api.list("/api/v1/instances?app=" + app, InstanceView.class);
    }

    /** The app's running canary, or how its latest one ended. */
    CanaryStatus canary(String app) {
        return api.get("/api/v1/apps/" + app + "/canary", CanaryStatus.class);
    }

    /** The app's audit trail, newest first. */
    List<HistoryEvent> history(String app) {
        return api.list("/api/v1/apps/" + app + "/history", HistoryEvent.class);
    }

    long pidOf(String instanceId) {
        for (AgentReport agent : api.list("/api/v1/agents", AgentReport.class)) {
            for (InstanceStatus i : agent.instances()) {
                if (i.id().equals(instanceId)) return i.pid();
            }
        }
        throw new AssertionError("no pid reported for " + instanceId);
    }

    @Override
    public void close() {
        gantry.close(true);
    }
}
