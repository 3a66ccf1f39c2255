package dev.gantry.cli;

import dev.gantry.server.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "server", description = "Run the control plane (with an embedded agent, router and Redis unless told otherwise).")
final class ServerCommand implements Callable<Integer> {
  @Option(names = "--data-dir", description = "data directory (env GANTRY_DATA, default ~/.gantry)")
  Path dataDir;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE})")
  String bind;

  @Option(names = "--port", defaultValue = "7070", description = "API port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--router-port", defaultValue = "8080", description = "embedded router port (default ${DEFAULT-VALUE})")
  int routerPort;

  @Option(names = "--no-router", description = "run no embedded router (run `gantry router` instead)")
  boolean noRouter;

  @Option(names = "--agent-port", defaultValue = "7071", description = "embedded agent's endpoint port (default ${DEFAULT-VALUE})")
  int agentPort;

  @Option(names = "--no-agent", description = "run no embedded agent (run `gantry agent` on each host instead)")
  boolean noAgent;

  @Option(names = "--redis", description = "external Redis, e.g. redis://10.0.0.5:6379, or a primary and replicas under "
      + "Sentinel: redis-sentinel://10.0.0.5:26379,10.0.0.6:26379,10.0.0.7:26379#mymaster (default: an embedded one in the data directory)")
  URI redis;

  @Option(names = "--redis-replica", description = "a replica of --redis that flag reads may come from (redis://...), "
      + "or a redis-sentinel:// URI to read flags from the replicas Sentinel knows (the primary while there are none)")
  URI redisReplica;

  @Mixin
  RouterOptions edge;

  @Option(names = "--advertise-url", description = "URL at which instances and agents on other hosts reach this control plane")
  String advertiseUrl;

  @Override
  public Integer call() throws Exception {
    ServerConfig config = new ServerConfig(ApiOptions.resolveDataDir(dataDir), bind, port, redis, null, advertiseUrl);
    Embedded gantry = Embedded.start(config, redisReplica, noRouter ? null : edge.builder(config.dataDir(), bind, routerPort),
        noAgent ? null : "local", agentPort);
    System.out.println("control plane  " + gantry.server().apiUrl());
    if (gantry.routerPort() > 0) System.out.println("router         http://" + bind + ":" + gantry.routerPort());
    if (gantry.routerTlsPort() > 0) System.out.println("router HTTPS   https://" + bind + ":" + gantry.routerTlsPort());
    System.out.println("admin token    " + config.dataDir().resolve("token"));
    Signals.awaitStop(() -> gantry.close(true));
    return 0;
  }
}
