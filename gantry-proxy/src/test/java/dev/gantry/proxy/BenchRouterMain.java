package dev.gantry.proxy;

import dev.gantry.api.Backend;
import dev.gantry.api.Route;
import dev.gantry.api.RouteTable;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the router standalone for bench/router/run.sh: one route for host 127.0.0.1 to one backend.
 * Args: routerPort backendPort [ioThreads]. Runs until killed.
 */
public final class BenchRouterMain {
  private BenchRouterMain() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int backendPort = Integer.parseInt(args[1]);
    int ioThreads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Router router = Router.builder().bindAddress("127.0.0.1").port(port).ioThreads(ioThreads).build().start();
    router.update(new RouteTable(1, List.of(new Route("bench", "127.0.0.1", "/", "/", List.of(
        new Backend("bench-backend", "127.0.0.1", backendPort, 1, 100))))));
    Runtime.getRuntime().addShutdownHook(new Thread(router::close));
    new CountDownLatch(1).await();
  }
}
