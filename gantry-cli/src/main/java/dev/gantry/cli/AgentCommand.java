package dev.gantry.cli;

import dev.gantry.agent.Agent;
import dev.gantry.agent.AgentConfig;
import dev.gantry.agent.AgentCredential;
import dev.gantry.agent.HttpControlPlane;
import dev.gantry.api.client.ControlPlaneClient;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "agent",
        description = {
            "Run a host agent: it runs the instances the control plane places on this host.",
            "Its credential: --token-file/GANTRY_TOKEN_FILE or GANTRY_TOKEN when given; else agent-token in its data "
                    + "directory, saved at first start from a join token (gantry tokens create NAME --role join) given "
                    + "with --join-token-file or GANTRY_JOIN_TOKEN; else the data directory's admin token."
        })
final class AgentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Option(
            names = "--host",
            paramLabel = "NAME",
            defaultValue = "${env:GANTRY_AGENT_HOST}",
            description = "this host's name (env GANTRY_AGENT_HOST, default: the machine's host name)")
    String host;

    @Option(
            names = "--address",
            paramLabel = "ADDRESS",
            defaultValue = "${env:GANTRY_AGENT_ADDRESS:-127.0.0.1}",
            description =
                    "address the router reaches instances at (env GANTRY_AGENT_ADDRESS, default ${DEFAULT-VALUE})")
    String address;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "${env:GANTRY_AGENT_PORT:-7071}",
            description = "agent endpoint port (env GANTRY_AGENT_PORT, default ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--ports",
            paramLabel = "FROM-TO",
            defaultValue = "${env:GANTRY_AGENT_PORTS:-20000-29999}",
            description = "instance port range (env GANTRY_AGENT_PORTS, default ${DEFAULT-VALUE})")
    String ports;

    @Option(
            names = "--instance-user",
            paramLabel = "USER",
            defaultValue = "${env:GANTRY_INSTANCE_USER:-" + AgentConfig.DEFAULT_INSTANCE_USER + "}",
            description =
                    "when the agent runs as root: the account instances run as unless their gantry.yml names "
                            + "one; created as a system user if missing; never root (env GANTRY_INSTANCE_USER, default ${DEFAULT-VALUE})")
    String instanceUser;

    @Option(
            names = "--keep-releases",
            paramLabel = "N",
            defaultValue = "${env:GANTRY_AGENT_KEEP_RELEASES:-10}",
            description =
                    "unpacked releases kept per app besides those its instances use (env GANTRY_AGENT_KEEP_RELEASES, default ${DEFAULT-VALUE})")
    int keepReleases;

    @Option(
            names = "--join-token-file",
            paramLabel = "FILE",
            defaultValue = "${env:GANTRY_JOIN_TOKEN_FILE}",
            description = "a join token to exchange at first start for this host's own credential, agent:HOST "
                    + "(env GANTRY_JOIN_TOKEN_FILE, or the token itself in GANTRY_JOIN_TOKEN)")
    Path joinTokenFile;

    @Option(
            names = "--apps",
            paramLabel = "APP",
            split = ",",
            defaultValue = "${env:GANTRY_AGENT_APPS}",
            description = "the only apps this host runs, comma-separated (an environment's apps: section); an app "
                    + "that some host names runs only on the hosts that name it (env GANTRY_AGENT_APPS; default: "
                    + "any app no host names)")
    List<String> apps;

    @Mixin
    UnpackOptions unpack;

    @Override
    public Integer call() throws Exception {
        String name = host != null && !host.isBlank()
                ? host
                : InetAddress.getLocalHost().getHostName();
        String[] range = ports.split("-");
        if (range.length != 2) throw new CliException("--ports: must look like 20000-29999, was " + ports);
        Path dir = api.dataDir().resolve("agent-" + name);
        String token = credential(name, dir);
        AgentConfig config = AgentConfig.builder(name, dir, token)
                .address(address)
                .httpPort(port)
                .ports(Integer.parseInt(range[0]), Integer.parseInt(range[1]))
                .instanceUser(instanceUser)
                .keepReleases(keepReleases)
                .archiveLimits(unpack.limits())
                .version(Version.agent())
                .apps(apps == null ? List.of() : apps)
                .build();
        HttpControlPlane controlPlane = new HttpControlPlane(api.refusingUntrusted(api.agentClient(() -> token)));
        Agent agent = new Agent(config, controlPlane, Clock.systemUTC());
        agent.start();
        spec.commandLine().getOut().println("agent " + name + " reporting to " + api.serverUri() + ", data in " + dir);
        Signals.awaitStop(agent::close);
        return 0;
    }

    /**
     * The token given by option or environment; else the one an earlier join saved; else a join
     * token exchanged now (and saved); else the data directory's admin token.
     */
    private String credential(String host, Path dir) throws Exception {
        var given = api.given();
        if (given.isPresent()) return given.get().get();
        var saved = AgentCredential.load(dir);
        if (saved.isPresent()) return saved.get();
        String join = joinToken();
        if (join == null) return api.token();
        try (ControlPlaneClient client = api.agentClient(() -> join)) {
            String token = AgentCredential.join(client, host, dir);
            spec.commandLine()
                    .getOut()
                    .println("joined as agent:" + host + ", credential saved in " + AgentCredential.file(dir));
            return token;
        }
    }

    private String joinToken() {
        if (joinTokenFile != null) {
            return ApiOptions.fromFile(joinTokenFile, "--join-token-file: cannot read " + joinTokenFile)
                    .get();
        }
        String env = System.getenv("GANTRY_JOIN_TOKEN");
        return env == null || env.isBlank() ? null : env.strip();
    }
}
