package dev.gantry.server.agents;

import dev.gantry.api.InstanceStatus;

/**
 * Told when an agent reports an instance in another state than it last reported (or reports it for
 * the first time): what a deployment waiting for readiness listens to. Called on the report's thread;
 * a listener hands the work on and returns.
 */
@FunctionalInterface
public interface InstanceStateChanged {
    void changed(InstanceStatus status);
}
