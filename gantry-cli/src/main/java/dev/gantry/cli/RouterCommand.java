package dev.gantry.cli;

import dev.gantry.api.client.ControlPlaneClient;
import dev.gantry.proxy.AskingMetricsGate;
import dev.gantry.proxy.RouteTableFetcher;
import dev.gantry.proxy.Router;
import dev.gantry.proxy.RouterReporter;
import java.time.Clock;
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

    @Option(
            names = "--name",
            paramLabel = "NAME",
            defaultValue = "${env:GANTRY_ROUTER_NAME}",
            description = "the router's name in its traffic reports to the control plane, unique among routers (env"
                    + " GANTRY_ROUTER_NAME, default the host name)")
    String name;

    @Mixin
    RouterOptions edge;

    @Override
    public Integer call() throws Exception {
        ControlPlaneClient client =
                api.refusingUntrusted(api.trusting(RouteTableFetcher.clientFor(api.serverUri(), api.token()))
                        .build());
        ControlPlaneClient reports =
                api.refusingUntrusted(api.trusting(RouteTableFetcher.clientFor(api.serverUri(), api.token()))
                        .build());
        Router.Builder builder = edge.builder(api.dataDir(), bind, port)
                .metricsGate(new AskingMetricsGate(bearer -> readsMetrics(reports, bearer), Clock.systemUTC(), true));
        if (name != null && !name.isBlank()) builder.name(name);
        Router router = builder.build().start();
        RouteTableFetcher fetcher =
                new RouteTableFetcher(client, router, api.dataDir().resolve("router-" + port + "-routes.json"));
        fetcher.start();
        RouterReporter reporter =
                new RouterReporter(router, RouterReporter.posting(reports, router.name()), Clock.systemUTC()).start();
        spec.commandLine()
                .getOut()
                .println("router listening on " + bind + ":" + router.port()
                        + (edge.noTls ? "" : ", HTTPS on " + router.tlsPort()) + ", routes from " + api.serverUri()
                        + ", reporting as " + router.name());
        Signals.awaitStop(() -> {
            reporter.close();
            reports.close();
            fetcher.close();
            router.close();
        });
        return 0;
    }

    /**
     * Whether {@code bearer} may read metrics: the control plane's Prometheus target list answers it 200 (a metrics,
     * viewer, deployer or admin credential). Asked off the router's event loop ({@link AskingMetricsGate}).
     */
    static boolean readsMetrics(ControlPlaneClient base, String bearer) {
        try (ControlPlaneClient asker = base.newBuilder()
                .token(bearer)
                .retryFor(java.time.Duration.ZERO)
                .build()) {
            return asker.exchange("GET", "/api/v1/prometheus/targets", null, null)
                            .status()
                    == 200;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
