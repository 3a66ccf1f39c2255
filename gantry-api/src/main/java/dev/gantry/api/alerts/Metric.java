package dev.gantry.api.alerts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What an alert rule watches, with the scopes it can be measured at; written in lower case ({@code cpu}). */
public enum Metric {
    /** CPU use, percent of one core: of an instance's process tree, or of a host. */
    CPU(Set.of(Scope.INSTANCE, Scope.HOST)),
    /** Memory in use, percent of the instance's limit (of the host's memory where it has none), or of a host. */
    MEMORY(Set.of(Scope.INSTANCE, Scope.HOST)),
    /** 1 while an instance the agent runs is not READY (failed, stopped, starting again), else 0. */
    INSTANCE_DOWN(Set.of(Scope.INSTANCE)),
    /** Percent of an app's requests answered 5xx (or not connected) over the rule's window, as the routers saw them. */
    ERROR_RATE(Set.of(Scope.APP)),
    /** 1 for a minute after a canary of the app was aborted or rolled back, else 0. */
    CANARY_ABORTED(Set.of(Scope.APP)),
    /** 1 while a host's agent has not reported for 15 s, else 0. */
    HOST_DOWN(Set.of(Scope.HOST));

    private final Set<Scope> scopes;

    Metric(Set<Scope> scopes) {
        this.scopes = scopes;
    }

    public Set<Scope> scopes() {
        return scopes;
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The metric named {@code text}; IllegalArgumentException listing the known names otherwise. */
    public static Metric parse(String text) {
        for (Metric m : values()) if (m.text().equals(text)) return m;
        throw new IllegalArgumentException("unknown metric, must be one of "
                + Arrays.stream(values()).map(Metric::text).collect(Collectors.joining(", ")) + ", was " + text);
    }

    /** What an alert is about: one app, one instance (grouped by its app) or one host. */
    public enum Scope {
        APP,
        INSTANCE,
        HOST;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Scope parse(String text) {
            for (Scope s : values()) if (s.text().equals(text)) return s;
            throw new IllegalArgumentException("must be app, instance or host, was " + text);
        }
    }
}
