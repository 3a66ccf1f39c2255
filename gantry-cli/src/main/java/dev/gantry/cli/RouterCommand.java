package dev.gantry.cli;

import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.proxy.RouteTableFetcher;
import dev.gantry.proxy.Router;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "router", description = "Run a router fed by the control plane's route table.")
final class RouterCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            defaultValue = "${env:GANTRY_ROUTER_BIND:-0.0.0.0}",
            description = "address to listen on (env GANTRY_ROUTER_BIND, default ${DEFAULT-VALUE})")
    String bind;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "${env:GANTRY_ROUTER_PORT:-8080}",
            description = "HTTP port (env GANTRY_ROUTER_PORT, default ${DEFAULT-VALUE})")
    int port;

    @Mixin
    RouterOptions edge;

    @Override
    public Integer call() throws Exception {
        ControlPlaneClient client =
                api.refusingUntrusted(api.trusting(RouteTableFetcher.clientFor(api.serverUri(), api.token()))
                        .build());
        Router router = edge.builder(api.dataDir(), bind, port).build().start();
        RouteTableFetcher fetcher =
                new RouteTableFetcher(client, router, api.dataDir().resolve("router-" + port + "-routes.json"));
        fetcher.start();
        spec.commandLine()
                .getOut()
                .println("router listening on " + bind + ":" + router.port()
                        + (edge.noTls ? "" : ", HTTPS on " + router.tlsPort()) + ", routes from " + api.serverUri());
        Signals.awaitStop(() -> {
            fetcher.close();
            router.close();
        });
        return 0;
    }
}
