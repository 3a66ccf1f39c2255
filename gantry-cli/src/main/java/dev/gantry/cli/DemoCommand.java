package dev.gantry.cli;

import dev.gantry.api.AppSpec;
import dev.gantry.api.AppSummary;
import dev.gantry.api.DeploymentAccepted;
import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.api.files.OwnerOnly;
import dev.gantry.flags.EnvConfig;
import dev.gantry.flags.Flag;
import dev.gantry.server.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "demo",
        description = "Start the whole platform on this machine, deploy the example services and print their URLs.")
final class DemoCommand implements Callable<Integer> {
    /** An app of the demo: its directory, and the path whose answer through the router shows that it is routable. */
    record DemoApp(String dir, String probePath) {}

    static final List<DemoApp> APPS = List.of(
            new DemoApp("examples/hello", "/"),
            new DemoApp("services/markdown", "/health"),
            new DemoApp("examples/websocket-echo", "/health"));
    /** How long every instance may take to be ready and routable after the deploys (a second run restarts them all at once). */
    static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    @Spec
    CommandSpec spec;

    @Mixin
    DataDirOption data;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "${env:GANTRY_PORT:-7070}",
            description = "API port (env GANTRY_PORT, default ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--router-port",
            paramLabel = "PORT",
            defaultValue = "${env:GANTRY_ROUTER_PORT:-8080}",
            description = "router's HTTP port (env GANTRY_ROUTER_PORT, default ${DEFAULT-VALUE})")
    int routerPort;

    @Option(
            names = "--agent-port",
            paramLabel = "PORT",
            defaultValue = "${env:GANTRY_AGENT_PORT:-7071}",
            description = "agent endpoint port (env GANTRY_AGENT_PORT, default ${DEFAULT-VALUE})")
    int agentPort;

    @Mixin
    RouterOptions edge;

    @Option(
            names = "--home",
            paramLabel = "DIR",
            defaultValue = "${env:GANTRY_HOME:-.}",
            description =
                    "the Gantry checkout holding examples/ (env GANTRY_HOME, set by ./gantry; default: the current directory)")
    Path home;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        for (DemoApp app : APPS) {
            if (!Files.exists(home.resolve(app.dir()).resolve("gantry.yml"))) {
                throw new CliException("cannot find " + app.dir() + "/gantry.yml under "
                        + home.toAbsolutePath().normalize() + "; run from the Gantry checkout or pass --home");
            }
        }
        requireFree("--port", port);
        requireFree("--router-port", routerPort);
        requireFree("--agent-port", agentPort);
        if (!edge.noTls && edge.tlsPort > 0) requireFree("--tls-port", edge.tlsPort);
        ServerConfig config = ServerConfig.of(data.path(), port);
        OwnerOnly.directory(config.dataDir());
        Path log = OwnerOnly.file(config.dataDir().resolve("gantry.log"));
        Path demoLog = OwnerOnly.file(config.dataDir().resolve("demo.log"));
        System.setProperty("org.slf4j.simpleLogger.logFile", log.toString());
        out.println("starting Gantry (data in " + config.dataDir() + "; its log: " + log + "; builds and rollouts: "
                + demoLog + ")");
        out.flush();
        Embedded gantry = Embedded.start(
                config, null, edge.builder(config.dataDir(), config.bindAddress(), routerPort), "local", agentPort);
        ControlPlaneClient api = ControlPlaneClient.builder(gantry.server().apiUrl())
                .token(gantry.server().token())
                .build();
        Readiness.Verdict verdict;
        try (PrintWriter progress = new PrintWriter(
                Files.newBufferedWriter(
                        demoLog, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                true)) {
            List<Readiness.Probe> probes = new ArrayList<>();
            for (DemoApp app : APPS)
                probes.add(deployOnce(api, home.resolve(app.dir()), app.probePath(), progress, demoLog));
            seedFlags(api);
            verdict = awaitReady(api, gantry.routerPort(), probes);
        } catch (Exception e) {
            gantry.close();
            throw e;
        }
        if (!verdict.ready()) {
            gantry.close();
            return notReady(verdict);
        }
        DemoUrls.print(out, gantry, config, edge.localCaCertificate(config.dataDir()));
        Signals.awaitStop(() -> {
            out.println("\nstopping Gantry");
            out.flush();
            gantry.close(true);
        });
        return 0;
    }

    /** Deploys the app unless a release of it is live, in one line of output; returns how to see that it is routable. */
    private Readiness.Probe deployOnce(
            ControlPlaneClient api, Path dir, String probePath, PrintWriter progress, Path demoLog) throws Exception {
        AppSpec spec = DeployCommand.readSpec(dir);
        String name = spec.name();
        Readiness.Probe probe = new Readiness.Probe(name, spec.route().host(), probePath);
        out.printf("%-16s", name);
        out.flush();
        var existing = api.getList("/api/v1/apps", AppSummary.class).stream()
                .filter(a -> a.name().equals(name) && a.release() > 0)
                .findFirst();
        if (existing.isPresent()) {
            out.println("release " + existing.get().release() + " is deployed; its "
                    + existing.get().instances() + " instances start again (redeploy with: ./gantry deploy " + dir
                    + ")");
            return probe;
        }
        long started = System.nanoTime();
        progress.println("== " + java.time.Instant.now() + " deploying " + name + " from " + dir);
        Path tar = DeployCommand.pack(dir);
        try {
            var accepted = api.upload("/api/v1/deploys?source=demo", tar, "application/gzip", DeploymentAccepted.class);
            DeploymentFollower.follow(api, accepted, progress);
            out.println("built and rolled out release " + accepted.release() + " in "
                    + seconds(System.nanoTime() - started));
            return probe;
        } catch (CliException e) {
            out.println("failed after " + seconds(System.nanoTime() - started) + ": " + e.getMessage());
            throw new CliException("the deploy of " + name + " failed; its build and rollout output is in " + demoLog);
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    private Readiness.Verdict awaitReady(ControlPlaneClient api, int router, List<Readiness.Probe> probes)
            throws IOException, InterruptedException {
        out.print("waiting until every instance is ready and answers through the router ... ");
        out.flush();
        long started = System.nanoTime();
        Readiness.Verdict verdict = new Readiness(api, router, Clock.systemUTC()).await(probes, READY_TIMEOUT);
        out.println(verdict.ready() ? "ready in " + seconds(System.nanoTime() - started) : "not ready");
        return verdict;
    }

    private int notReady(Readiness.Verdict verdict) {
        List<String> problems = verdict.failed().isEmpty() ? verdict.waiting() : verdict.failed();
        String why =
                verdict.failed().isEmpty() ? "not ready after " + READY_TIMEOUT.toMinutes() + " minutes" : "failed";
        for (String p : problems) out.println("  " + p);
        out.flush();
        spec.commandLine()
                .getErr()
                .println("gantry: the demo stopped: " + problems.size() + " "
                        + (problems.size() == 1 ? "thing" : "things") + " " + why
                        + " (see above; instance output is in "
                        + data.path().resolve("agent") + ")");
        return Main.FAILURE;
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** The two flags hello reads, created once so that they can be flipped at once. */
    private static void seedFlags(ControlPlaneClient api) throws IOException {
        seed(
                api,
                new Flag(
                        "hello-banner",
                        Flag.STRING,
                        "a line above hello's greeting",
                        Map.of("none", "", "sale", "*** Spring sale: everything half price ***"),
                        Map.of("production", EnvConfig.serving("none")),
                        null,
                        false,
                        null,
                        0,
                        0,
                        null));
        seed(
                api,
                new Flag(
                        "hello-time-api",
                        Flag.BOOLEAN,
                        "whether hello's /api/time answers",
                        Map.of("on", true, "off", false),
                        Map.of("production", EnvConfig.serving("on")),
                        null,
                        false,
                        null,
                        0,
                        0,
                        null));
    }

    private static void seed(ControlPlaneClient api, Flag flag) throws IOException {
        boolean exists = api.getList("/api/v1/flags", Flag.class).stream()
                .anyMatch(f -> f.key().equals(flag.key()));
        if (!exists)
            api.put("/api/v1/flags/" + flag.key(), FlagsCommand.body(flag, "created by gantry demo"), Flag.class);
    }

    /** Whether the port can be listened on, as the servers will (address reuse: a previous run's closed connections do not count). */
    private static void requireFree(String option, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1);
        } catch (IOException e) {
            throw new CliException(
                    "port " + port + " is in use (is another Gantry running?); choose another with " + option);
        }
    }
}
