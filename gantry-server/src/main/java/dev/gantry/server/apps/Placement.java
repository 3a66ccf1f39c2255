package dev.gantry.server.apps;

import dev.gantry.api.InstanceSpec;

/**
 * A desired instance and the host it is placed on. A draining placement gets no new requests (weight
 * 0) and is removed once its drain delay is over.
 */
public record Placement(InstanceSpec spec, String host, boolean draining, long createdAt) {
    public Placement drain() {
        return new Placement(spec, host, true, createdAt);
    }

    /** Back in the routes: a drained instance that a failed or cancelled deployment keeps. */
    public Placement undrain() {
        return new Placement(spec, host, false, createdAt);
    }

    public String id() {
        return spec.id();
    }

    public String app() {
        return spec.app();
    }
}
