package dev.gantry.server.alerts;

import dev.gantry.api.AgentReport;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import dev.gantry.api.alerts.AlertConfig;
import dev.gantry.server.ManualClock;
import dev.gantry.server.agents.Fleet;
import dev.gantry.server.analysis.Traffic;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.store.Redis;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One control plane's alerting on a real Redis, without HTTP: a manual clock, a fleet fed fake agent reports;
 * the test calls {@link Alerts#evaluate()} and {@link Alerts#deliver()} itself.
 */
final class AlertsFixture implements AutoCloseable {
    final ManualClock clock;
    final Redis redis;
    final Fleet fleet;
    final Alerts alerts;

    AlertsFixture(URI redisUri, ManualClock clock, AlertConfig config, Map<String, String> env) {
        this.clock = clock;
        this.redis = new Redis(redisUri);
        this.fleet = new Fleet(redis, clock);
        this.alerts = new Alerts(
                config, redis, new Traffic(clock), new AppStore(redis), clock, () -> "http://cp.test:7070/", env::get);
    }

    /** Host h1's agent reports instances {@code web-1..web-n} of app web, each at {@code cpu} percent. */
    void report(int instances, double cpu) {
        List<InstanceStatus> list = new ArrayList<>();
        for (int i = 1; i <= instances; i++)
            list.add(new InstanceStatus(
                    "web-" + i,
                    "web",
                    1,
                    "h1",
                    "127.0.0.1",
                    9000 + i,
                    100 + i,
                    InstanceState.READY,
                    0,
                    0,
                    null,
                    cpu,
                    10_000_000));
        fleet.report(new AgentReport(
                "h1", "127.0.0.1", "http://127.0.0.1:7071", clock.millis(), 1, list, cpu, 1L << 30, 16L << 30));
    }

    @Override
    public void close() {
        alerts.close();
        redis.close();
    }
}
