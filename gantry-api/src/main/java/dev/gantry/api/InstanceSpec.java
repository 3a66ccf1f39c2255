package dev.gantry.api;

import java.util.Map;

/**
 * One instance an agent must run.
 *
 * @param id           unique instance id, e.g. {@code hello-r3-k2x9}
 * @param app          app name
 * @param release      release number; the agent fetches its artifact from the control plane
 * @param command      shell command line run with {@code /bin/sh -c} in the release directory
 * @param healthPath   readiness path answered with 2xx when the instance can take traffic
 * @param env          extra environment (PORT, GANTRY_APP, GANTRY_RELEASE, GANTRY_INSTANCE are added by the agent)
 * @param graceSeconds seconds between SIGTERM and SIGKILL when stopping
 */
public record InstanceSpec(String id, String app, int release, String command, String healthPath,
                           Map<String, String> env, int graceSeconds) {
  public InstanceSpec {
    if (id == null || id.isBlank()) throw new IllegalArgumentException("instance id: must not be blank");
    if (app == null || app.isBlank()) throw new IllegalArgumentException("instance app: must not be blank");
    if (release < 1) throw new IllegalArgumentException("instance release: must be >= 1, was " + release);
    if (command == null || command.isBlank()) throw new IllegalArgumentException("instance command: must not be blank");
    healthPath = healthPath == null || healthPath.isEmpty() ? "/health" : healthPath;
    env = env == null ? Map.of() : Map.copyOf(env);
    if (graceSeconds <= 0) graceSeconds = 10;
  }
}
