package dev.gantry.api;

import java.util.List;

/** What one host should run. The agent converges its actual state on it. */
public record DesiredState(String host, long version, List<InstanceSpec> instances) {
    public DesiredState {
        instances = instances == null ? List.of() : List.copyOf(instances);
    }
}
