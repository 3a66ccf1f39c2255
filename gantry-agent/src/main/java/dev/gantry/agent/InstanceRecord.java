package dev.gantry.agent;

import dev.gantry.api.InstanceSpec;

/**
 * A running instance as remembered across agent restarts in {@code instances.json}.
 *
 * @param startedAt the process start instant in epoch millis, compared on adoption to detect a recycled pid
 * @param user      the account its processes run as (null in records of older agents)
 */
record InstanceRecord(String id, InstanceSpec spec, long pid, int port, long startedAt, int restarts, String user) {}
