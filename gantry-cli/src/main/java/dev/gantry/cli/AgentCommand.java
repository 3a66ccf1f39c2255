package dev.gantry.cli;

import dev.gantry.agent.Agent;
import dev.gantry.agent.AgentConfig;
import dev.gantry.agent.HttpControlPlane;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "agent", description = "Run a host agent: it runs the instances the control plane places on this host.")
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

    @Override
    public Integer call() throws Exception {
        String name = host != null && !host.isBlank()
                ? host
                : InetAddress.getLocalHost().getHostName();
        String[] range = ports.split("-");
        if (range.length != 2) throw new CliException("--ports: must look like 20000-29999, was " + ports);
        Path dir = api.dataDir().resolve("agent-" + name);
        AgentConfig config = AgentConfig.builder(name, dir, api.token())
                .address(address)
                .httpPort(port)
                .ports(Integer.parseInt(range[0]), Integer.parseInt(range[1]))
                .instanceUser(instanceUser)
                .keepReleases(keepReleases)
                .build();
        HttpControlPlane controlPlane = new HttpControlPlane(api.agentClient());
        Agent agent = new Agent(config, controlPlane, Clock.systemUTC());
        agent.start();
        spec.commandLine().getOut().println("agent " + name + " reporting to " + api.serverUri() + ", data in " + dir);
        Signals.awaitStop(agent::close);
        return 0;
    }
}
