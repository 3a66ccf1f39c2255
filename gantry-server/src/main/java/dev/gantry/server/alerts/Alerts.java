package dev.gantry.server.alerts;

import dev.gantry.api.Json;
import dev.gantry.api.alerts.Alert;
import dev.gantry.api.alerts.AlertConfig;
import dev.gantry.api.alerts.AlertRule;
import dev.gantry.api.alerts.AlertRules;
import dev.gantry.api.alerts.Notification;
import dev.gantry.api.alerts.NotifyRoute;
import dev.gantry.api.alerts.Silence;
import dev.gantry.api.alerts.TestResult;
import dev.gantry.server.analysis.Traffic;
import dev.gantry.server.apps.AppStore;
import dev.gantry.server.store.Redis;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's alerting: every second it measures each rule's metric ({@link Readings}), moves each
 * group through its states ({@link RuleState}), claims each transition in Redis ({@link IncidentLedger}) and
 * queues what this control plane won for every route of the rule ({@link Outbox}); a delivery thread sends what
 * is due. Rules are the config file's until a PUT stores others in Redis ({@code gantry:alerts:rules}).
 */
public final class Alerts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Alerts.class);
    private static final String RULES_KEY = "gantry:alerts:rules";
    private final AlertConfig config;
    private final Redis redis;
    private final Readings readings;
    private final Clock clock;
    private final Supplier<String> dashboard;
    private final Notifiers notifiers;
    private final IncidentLedger ledger;
    private final Outbox outbox;
    private final Silences silences;
    private final Map<String, RuleState> states = new LinkedHashMap<>();
    private ScheduledExecutorService delivery;

    /** {@code env} reads environment variables (secrets); {@code dashboard} gives the dashboard's URL. */
    public Alerts(
            AlertConfig config,
            Redis redis,
            Traffic traffic,
            AppStore store,
            Clock clock,
            Supplier<String> dashboard,
            Function<String, String> env) {
        this.config = config == null ? AlertConfig.NONE : config;
        this.redis = redis;
        SharedTraffic counts = new SharedTraffic(redis, clock);
        traffic.onReport((report, latencies) -> counts.record(report));
        this.readings = new Readings(new SharedFleet(redis), counts, store, clock);
        this.clock = clock;
        this.dashboard = dashboard;
        this.notifiers = new Notifiers(this.config, env);
        this.ledger = new IncidentLedger(redis);
        this.outbox = new Outbox(redis, clock);
        this.silences = new Silences(redis, clock);
    }

    /** Evaluates every second on {@code engine} and delivers every second on a thread of its own. */
    public void start(ScheduledExecutorService engine) {
        engine.scheduleWithFixedDelay(this::evaluateQuietly, 1, 1, TimeUnit.SECONDS);
        delivery = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("gantry-alerts").daemon().factory());
        delivery.scheduleWithFixedDelay(this::deliverQuietly, 1, 1, TimeUnit.SECONDS);
    }

    /** One round: measure, move, claim, queue. */
    public synchronized void evaluate() {
        List<AlertRule> rules = rules();
        readings.refresh();
        Set<String> names = rules.stream().map(AlertRule::name).collect(Collectors.toSet());
        states.keySet().retainAll(names);
        List<Silence> silenced = silences.active();
        long now = clock.millis();
        for (AlertRule rule : rules) {
            if (rule.disabled()) {
                states.remove(rule.name());
                continue;
            }
            RuleState state = state(rule);
            var changes = state.evaluate(readings.of(rule.metricKind(), rule.scopeKind()), now, repeatMillis());
            for (RuleState.Transition t : changes) tell(rule, t, silenced, now);
        }
    }

    /** Sends the deliveries due now; answers how many went out. */
    public int deliver() {
        return outbox.deliverDue(notifiers);
    }

    /** The rules in force: the defaults overlaid with the custom rules (stored by a PUT, else the config file's). */
    public List<AlertRule> rules() {
        return AlertConfig.effective(customRules());
    }

    /** Replaces the custom rules (for every control plane on this Redis); answers the rules in force. */
    public List<AlertRule> putRules(List<AlertRule> custom) {
        AlertConfig.checkRoutes(
                custom, config.routes().stream().map(NotifyRoute::name).collect(Collectors.toSet()));
        redis.sync().set(RULES_KEY, Json.write(new AlertRules(custom)));
        return rules();
    }

    /** Pending and firing alerts here, then the last resolved ones. */
    public synchronized List<Alert> alerts() {
        List<Silence> silenced = silences.active();
        List<Alert> out = new ArrayList<>();
        for (RuleState s : states.values()) {
            for (Incident i : s.incidents.values()) {
                double worst = i.values.values().stream()
                        .mapToDouble(Double::doubleValue)
                        .max()
                        .orElse(0);
                out.add(new Alert(
                        s.rule.name(),
                        i.group,
                        i.state.name().toLowerCase(java.util.Locale.ROOT),
                        s.rule.severity(),
                        List.copyOf(i.values.keySet()),
                        worst,
                        i.state == Incident.State.FIRING ? i.firedAt : i.since,
                        0,
                        Silences.covers(silenced, i.app)));
            }
        }
        out.addAll(ledger.resolved());
        return out;
    }

    public Silence silence(String app, Duration length, String reason, String by) {
        return silences.add(app, length, reason, by);
    }

    public List<Silence> silences() {
        return silences.active();
    }

    /** Sends a test notification through every route, now, and says what each gave. */
    public TestResult test(String actor) {
        List<TestResult.Sent> out = new ArrayList<>();
        for (NotifyRoute r : config.routes()) {
            Notification n = new Notification(
                    "test:" + clock.millis(),
                    "test",
                    "test",
                    "info",
                    "test",
                    "above",
                    0,
                    null,
                    actor,
                    List.of(),
                    Map.of(),
                    Map.of("by", actor),
                    clock.millis(),
                    dashboard.get());
            try {
                notifiers.get(r.name()).send(n);
                out.add(new TestResult.Sent(r.name(), r.kind(), true, null));
            } catch (Exception e) {
                out.add(new TestResult.Sent(r.name(), r.kind(), false, e.getMessage()));
            }
        }
        return new TestResult(out);
    }

    /** Deliveries waiting in Redis (due or backing off). */
    public long queued() {
        return outbox.size();
    }

    @Override
    public void close() {
        if (delivery != null) delivery.shutdownNow();
    }

    private List<AlertRule> customRules() {
        String stored = redis.sync().get(RULES_KEY);
        return stored == null
                ? config.rules()
                : Json.read(stored, AlertRules.class).rules();
    }

    private RuleState state(AlertRule rule) {
        RuleState s = states.get(rule.name());
        if (s != null && s.rule.equals(rule)) return s;
        RuleState fresh = new RuleState(rule);
        for (IncidentLedger.Claimed c : ledger.firing()) {
            if (!c.rule().equals(rule.name())) continue;
            Incident i = new Incident(c.rule(), c.group(), c.firedAt());
            i.state = Incident.State.FIRING;
            i.firedAt = c.firedAt();
            i.app = c.app();
            i.host = c.host();
            i.id = Json.write(c);
            fresh.adopt(i);
        }
        states.put(rule.name(), fresh);
        return fresh;
    }

    private void tell(AlertRule rule, RuleState.Transition t, List<Silence> silenced, long now) {
        Incident i = t.incident();
        boolean won = switch (t.kind()) {
            case FIRING -> ledger.fire(i);
            case RESOLVED -> ledger.resolve(i);
            case REPEAT -> ledger.repeat(i);
        };
        if (!won) return;
        String transition = t.kind().name().toLowerCase(java.util.Locale.ROOT);
        if (t.kind() == RuleState.Kind.RESOLVED)
            ledger.resolved(new Alert(
                    rule.name(),
                    i.group,
                    "resolved",
                    rule.severity(),
                    List.copyOf(i.values.keySet()),
                    0,
                    i.firedAt,
                    now,
                    Silences.covers(silenced, i.app)));
        if (Silences.covers(silenced, i.app)) {
            log.info("alert silenced rule={} group={} transition={}", rule.name(), i.group, transition);
            return;
        }
        Notification n = new Notification(
                IncidentLedger.claimed(i).id() + ":" + transition,
                transition,
                rule.name(),
                rule.severity(),
                rule.metric(),
                rule.comparison(),
                rule.threshold(),
                i.app,
                i.host,
                List.copyOf(i.values.keySet()),
                Map.copyOf(i.values),
                rule.labels(),
                now,
                dashboard.get());
        List<String> routes = rule.routes().isEmpty()
                ? config.routes().stream().map(NotifyRoute::name).toList()
                : rule.routes();
        routes.forEach(r -> outbox.add(r, n));
    }

    private long repeatMillis() {
        return config.repeatInterval().toMillis();
    }

    private void evaluateQuietly() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            log.warn("alert rules not evaluated: {}", e.toString());
        }
    }

    private void deliverQuietly() {
        try {
            deliver();
        } catch (RuntimeException e) {
            log.warn("alert notifications not delivered: {}", e.toString());
        }
    }
}
