package dev.gantry.server.metrics;

import java.util.Locale;

/** What a series is about: one instance, host, app, or release of an app ({@code app@release}). */
public record Subject(Scope scope, String id) {
    public Subject {
        if (scope == null) throw new IllegalArgumentException("scope: is required");
        if (id == null || id.isBlank()) throw new IllegalArgumentException(scope.label() + ": is required");
    }

    public static Subject release(String app, int release) {
        return new Subject(Scope.RELEASE, app + "@" + release);
    }

    /** The kinds of subject. */
    public enum Scope {
        INSTANCE,
        HOST,
        APP,
        RELEASE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
