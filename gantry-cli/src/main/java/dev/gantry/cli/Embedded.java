package dev.gantry.cli;

import dev.gantry.agent.Agent;
import dev.gantry.agent.AgentConfig;
import dev.gantry.agent.HttpControlPlane;
import dev.gantry.proxy.Router;
import dev.gantry.server.GantryServer;
import dev.gantry.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;

/**
 * The single-machine shape: a control plane with a router fed its route table directly and an
 * agent that talks to the control plane over loopback like any other agent.
 */
public final class Embedded implements AutoCloseable {
  private final GantryServer server;
  private final Router router;
  private final Agent agent;

  private Embedded(GantryServer server, Router router, Agent agent) {
    this.server = server;
    this.router = router;
    this.agent = agent;
  }

  /** {@code routerPort} -1 runs no router; a null {@code agentHost} runs no agent. */
  public static Embedded start(ServerConfig config, int routerPort, String agentHost, int agentPort)
      throws IOException, InterruptedException {
    return start(config, null, routerPort, agentHost, agentPort);
  }

  /** As {@link #start(ServerConfig, int, String, int)}, with flag reads from {@code flagsReplica} when not null. */
  public static Embedded start(ServerConfig config, java.net.URI flagsReplica, int routerPort, String agentHost,
                               int agentPort) throws IOException, InterruptedException {
    GantryServer server = Servers.start(config, flagsReplica);
    Router router = null;
    Agent agent = null;
    try {
      if (routerPort >= 0) {
        router = Router.builder().bindAddress(config.bindAddress()).port(routerPort).build().start();
        server.onRouteTable(router::update);
      }
      if (agentHost != null) {
        AgentConfig ac = AgentConfig.builder(agentHost, config.dataDir().resolve("agent"), server.token())
            .httpPort(agentPort).build();
        agent = new Agent(ac, new HttpControlPlane(URI.create(server.apiUrl()), server.token()), Clock.systemUTC());
        agent.start();
      }
    } catch (RuntimeException e) {
      new Embedded(server, router, agent).close(true);
      throw e;
    }
    return new Embedded(server, router, agent);
  }

  public GantryServer server() {
    return server;
  }

  public int routerPort() {
    return router == null ? -1 : router.port();
  }

  /** Stops agent, router and control plane; with {@code stopInstances} the agent first stops every instance. */
  public void close(boolean stopInstances) {
    if (agent != null) {
      if (stopInstances) agent.stopAllInstances();
      agent.close();
    }
    if (router != null) router.close();
    server.close();
  }

  @Override
  public void close() {
    close(true);
  }
}
