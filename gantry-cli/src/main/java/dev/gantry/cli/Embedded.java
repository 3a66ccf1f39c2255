package dev.gantry.cli;

import dev.gantry.agent.Agent;
import dev.gantry.agent.AgentConfig;
import dev.gantry.agent.HttpControlPlane;
import dev.gantry.proxy.AskingMetricsGate;
import dev.gantry.proxy.Router;
import dev.gantry.proxy.RouterReporter;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.tokens.Credential;
import dev.gantry.server.tokens.Role;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The single-machine shape: a control plane with a router fed its route table directly and an
 * agent that talks to the control plane over loopback like any other agent (over the plain loopback
 * listener when the API serves HTTPS, or over HTTPS pinning the control plane's CA when there is none).
 */
public final class Embedded implements AutoCloseable {
    private final GantryServer server;
    private final Router router;
    private final RouterReporter reporter;
    private final Agent agent;

    private Embedded(GantryServer server, Router router, RouterReporter reporter, Agent agent) {
        this.server = server;
        this.router = router;
        this.reporter = reporter;
        this.agent = agent;
    }

    /** {@code routerPort} -1 runs no router; a null {@code agentHost} runs no agent. The router is plain HTTP only. */
    public static Embedded start(ServerConfig config, int routerPort, String agentHost, int agentPort)
            throws IOException, InterruptedException {
        Router.Builder router = routerPort < 0
                ? null
                : Router.builder().bindAddress(config.bindAddress()).port(routerPort);
        return start(config, null, router, agentHost, agentPort);
    }

    /**
     * The control plane, with a router built by {@code router} (none when null) and an agent named
     * {@code agentHost} (none when null); flag reads from {@code flagsReplica} when not null.
     */
    public static Embedded start(
            ServerConfig config, java.net.URI flagsReplica, Router.Builder router, String agentHost, int agentPort)
            throws IOException, InterruptedException {
        GantryServer server = Servers.start(config, flagsReplica);
        Router started = null;
        RouterReporter reporter = null;
        Agent agent = null;
        try {
            if (router != null) {
                started = router.metricsGate(
                                new AskingMetricsGate(bearer -> readsMetrics(server, bearer), Clock.systemUTC(), true))
                        .build()
                        .start();
                server.onRouteTable(started::update);
                // Its traffic goes to the control plane's Traffic directly, as a remote router's reports do over the
                // API.
                reporter = new RouterReporter(started, server.traffic()::accept, Clock.systemUTC()).start();
            }
            if (agentHost != null) {
                // Its own agent credential, minted afresh at every start: no admin token in the agent.
                String token = server.credentials()
                        .replace(Credential.agentName(agentHost), Role.AGENT, "gantry")
                        .token();
                AgentConfig ac = AgentConfig.builder(agentHost, config.dataDir().resolve("agent"), token)
                        .httpPort(agentPort)
                        .keepReleases(config.keepReleases())
                        .archiveLimits(config.uploads().unpack())
                        .version(Version.agent())
                        .build();
                var client = HttpControlPlane.clientFor(URI.create(server.localUrl()), () -> token)
                        .caFingerprint(server.caFingerprint())
                        .build();
                agent = new Agent(ac, new HttpControlPlane(client), Clock.systemUTC());
                agent.start();
                letPassAsTheAgentDoes(config.dataDir(), ac.dataDir());
            }
        } catch (IOException | RuntimeException e) {
            new Embedded(server, started, reporter, agent).close(true);
            throw e;
        }
        return new Embedded(server, started, reporter, agent);
    }

    /**
     * The control plane's data directory is 0700; where instances of other accounts reach their release through
     * the agent's data directory inside it (0711: root without mount namespaces), they must pass this one too.
     */
    private static void letPassAsTheAgentDoes(Path serverDir, Path agentDir) throws IOException {
        if (!Files.getFileStore(agentDir).supportsFileAttributeView(PosixFileAttributeView.class)) return;
        Set<PosixFilePermission> agent = Files.getPosixFilePermissions(agentDir);
        Set<PosixFilePermission> server = EnumSet.copyOf(Files.getPosixFilePermissions(serverDir));
        for (PosixFilePermission pass : List.of(PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE))
            if (agent.contains(pass)) server.add(pass);
        Files.setPosixFilePermissions(serverDir, server);
    }

    public GantryServer server() {
        return server;
    }

    public int routerPort() {
        return router == null ? -1 : router.port();
    }

    /** The router's HTTPS port, -1 without a router or without TLS. */
    public int routerTlsPort() {
        try {
            return router == null ? -1 : router.tlsPort();
        } catch (IllegalStateException noTls) {
            return -1;
        }
    }

    /** Stops agent, router and control plane; with {@code stopInstances} the agent first stops every instance. */
    public void close(boolean stopInstances) {
        if (agent != null) {
            if (stopInstances) agent.stopAllInstances();
            agent.close();
        }
        if (reporter != null) reporter.close();
        if (router != null) router.close();
        server.close();
    }

    @Override
    public void close() {
        close(true);
    }

    /** Whether {@code bearer} may read the router's metrics: a live credential that reads metrics from the API. */
    private static boolean readsMetrics(GantryServer server, String bearer) {
        long now = System.currentTimeMillis();
        return server.credentials()
                .find(bearer)
                .filter(c -> !c.expired(now))
                .filter(c -> switch (c.role()) {
                    case ADMIN, DEPLOYER, VIEWER, METRICS -> true;
                    default -> false;
                })
                .isPresent();
    }
}
