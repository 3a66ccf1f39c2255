package dev.gantry.api.alerts;

import dev.gantry.api.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The alerts of one control plane, as the {@code --alerts} file gives them ({@link AlertConfigParser}): the SMTP
 * server, the notification routes, the rules (beside the {@link AlertRule#defaults()}) and how often a long
 * incident is told again. Validated on construction.
 *
 * @param repeat how often a firing alert is notified again ({@code 4h}); {@code 0s}: never
 */
public record AlertConfig(Smtp smtp, List<NotifyRoute> routes, List<AlertRule> rules, String repeat) {
    public static final AlertConfig NONE = new AlertConfig(null, List.of(NotifyRoute.logged("log")), List.of(), null);

    public AlertConfig {
        routes = routes == null ? List.of() : List.copyOf(routes);
        rules = rules == null ? List.of() : List.copyOf(rules);
        repeat = repeat == null ? "4h" : repeat;
        try {
            Durations.parse(repeat);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("repeat: " + e.getMessage());
        }
        Set<String> names = routes.stream().map(NotifyRoute::name).collect(Collectors.toSet());
        if (names.size() != routes.size()) throw new IllegalArgumentException("routes: a name appears twice");
        if (smtp == null && routes.stream().anyMatch(r -> r.kind().equals("email")))
            throw new IllegalArgumentException("smtp: is required by an email route");
        checkRoutes(rules, names);
    }

    /** Every rule's routes must be among {@code names}: IllegalArgumentException naming the rule otherwise. */
    public static void checkRoutes(List<AlertRule> rules, Set<String> names) {
        for (AlertRule r : rules) {
            for (String route : r.routes()) {
                if (!names.contains(route))
                    throw new IllegalArgumentException("rules[" + r.name() + "].routes: unknown route " + route
                            + ", known: " + names.stream().sorted().toList());
            }
        }
    }

    public Duration repeatInterval() {
        return Durations.parse(repeat);
    }

    /** The defaults overlaid with {@code custom}: a rule named as a default replaces it (a disabled one turns it off). */
    public static List<AlertRule> effective(List<AlertRule> custom) {
        Map<String, AlertRule> byName = new LinkedHashMap<>();
        AlertRule.defaults().forEach(r -> byName.put(r.name(), r));
        custom.forEach(r -> byName.put(r.name(), r));
        return new ArrayList<>(byName.values());
    }

    public AlertConfig withRules(List<AlertRule> rules) {
        return new AlertConfig(smtp, routes, rules, repeat);
    }
}
