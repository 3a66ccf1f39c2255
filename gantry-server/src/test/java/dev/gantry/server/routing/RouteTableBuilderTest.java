package dev.gantry.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gantry.api.AgentReport;
import dev.gantry.api.AppSpec;
import dev.gantry.api.Backend;
import dev.gantry.api.InstanceSpec;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.Route;
import dev.gantry.server.apps.AppRecord;
import dev.gantry.server.apps.Placement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RouteTableBuilderTest {
    static final AppSpec SPEC = new AppSpec(
            "web", null, null, "./run", "/ready", 3, new AppSpec.RouteSpec("web.example", "/"), Map.of(), null, null);
    static final AppRecord APP = new AppRecord("web", SPEC, 1, 3, 0);

    @Test
    void onlyDesiredInstancesThatTheirAgentReportsReadyAreRouted() {
        List<Placement> placements =
                List.of(placement("web-1", false), placement("web-2", false), placement("web-3", false));
        AgentReport report = report(
                status("web-1", InstanceState.READY, 20001),
                status("web-2", InstanceState.STARTING, 20002),
                status("stray", InstanceState.READY, 20009));
        List<Route> routes = RouteTableBuilder.routes(List.of(APP), placements, List.of(report));
        assertThat(routes)
                .containsExactly(new Route(
                        "web", "web.example", "/", "/ready", List.of(new Backend("web-1", "10.0.0.7", 20001, 1, 100))));
    }

    @Test
    void anotherHostsAgentCannotRouteAnInstanceThatIsNotPlacedOnItsHost() {
        // web-1 is placed on h1, whose agent says it is still starting; the agent of h2 (its own credential, its
        // own host's reports) claims web-1 READY at an address of its choosing
        AgentReport h1 = report(status("web-1", InstanceState.STARTING, 20001));
        AgentReport h2 = new AgentReport(
                "h2",
                "10.0.0.66",
                "http://10.0.0.66:7071",
                0,
                0,
                List.of(new InstanceStatus(
                        "web-1", "web", 1, "h1", "10.0.0.66", 6666, 42, InstanceState.READY, 0, 0, "", 0, 0)),
                0,
                0,
                0);

        List<Route> routes =
                RouteTableBuilder.routes(List.of(APP), List.of(placement("web-1", false)), List.of(h2, h1));

        assertThat(routes.get(0).backends()).isEmpty();
    }

    @Test
    void aDrainingInstanceKeepsItsBackendWithWeightZero() {
        List<Route> routes = RouteTableBuilder.routes(
                List.of(APP),
                List.of(placement("web-1", true)),
                List.of(report(status("web-1", InstanceState.READY, 20001))));
        assertThat(routes.get(0).backends()).extracting(Backend::weight).containsExactly(0);
    }

    @Test
    void versionsOnlyGrowAndListenersHearOnlyChanges() {
        AtomicInteger heard = new AtomicInteger();
        List<List<Route>> source = new java.util.ArrayList<>(List.of(List.of()));
        Clock fixed = Clock.fixed(Instant.ofEpochMilli(1000), ZoneOffset.UTC);
        RouteTables tables = new RouteTables(() -> source.get(0), fixed);
        tables.onChange(t -> heard.incrementAndGet());
        tables.refresh();
        assertThat(heard).hasValue(0);
        source.set(0, List.of(new Route("web", "web.example", "/", "/ready", List.of())));
        long v1 = tables.refresh().version();
        long v2sameContent = tables.refresh().version();
        source.set(0, List.of());
        long v3 = tables.refresh().version();
        assertThat(heard).hasValue(2);
        assertThat(v1).isEqualTo(1000).isEqualTo(v2sameContent);
        assertThat(v3).isEqualTo(1001);
    }

    private static Placement placement(String id, boolean draining) {
        return new Placement(new InstanceSpec(id, "web", 1, "./run", "/ready", Map.of(), 5), "h1", draining, 0);
    }

    private static InstanceStatus status(String id, InstanceState state, int port) {
        return new InstanceStatus(id, "web", 1, "h1", null, port, 42, state, 0, 0, "", 0, 0);
    }

    private static AgentReport report(InstanceStatus... statuses) {
        return new AgentReport("h1", "10.0.0.7", "http://10.0.0.7:7071", 0, 0, List.of(statuses), 0, 0, 0);
    }
}
