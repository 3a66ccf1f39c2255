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
import picocli.CommandLine.Option;

@Command(name = "agent", description = "Run a host agent: it runs the instances the control plane places on this host.")
final class AgentCommand implements Callable<Integer> {
  @Mixin
  ApiOptions api;

  @Option(names = "--host", description = "this host's name (default: the machine's host name)")
  String host;

  @Option(names = "--address", defaultValue = "127.0.0.1", description = "address the router reaches instances at (default ${DEFAULT-VALUE})")
  String address;

  @Option(names = "--port", defaultValue = "7071", description = "agent endpoint port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--ports", defaultValue = "20000-29999", description = "instance port range (default ${DEFAULT-VALUE})")
  String ports;

  @Override
  public Integer call() throws Exception {
    String name = host != null ? host : InetAddress.getLocalHost().getHostName();
    String[] range = ports.split("-");
    if (range.length != 2) throw new CliException("--ports: must look like 20000-29999, was " + ports);
    Path dir = api.dataDir().resolve("agent-" + name);
    AgentConfig config = AgentConfig.builder(name, dir, api.token()).address(address).httpPort(port)
        .ports(Integer.parseInt(range[0]), Integer.parseInt(range[1])).build();
    HttpControlPlane controlPlane = new HttpControlPlane(api.agentClient());
    Agent agent = new Agent(config, controlPlane, Clock.systemUTC());
    agent.start();
    System.out.println("agent " + name + " reporting to " + api.serverUri() + ", data in " + dir);
    Signals.awaitStop(agent::close);
    return 0;
  }
}
