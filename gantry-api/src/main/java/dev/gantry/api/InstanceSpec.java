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
 * @param env          the instance's environment besides what the agent sets (PORT, GANTRY_APP, GANTRY_RELEASE,
 *                     GANTRY_INSTANCE and a minimal PATH, HOME, USER, LOGNAME, LANG); nothing else of the agent's
 *                     own environment reaches an instance
 * @param graceSeconds seconds between SIGTERM and SIGKILL when stopping
 * @param resources    memory and CPU limits, from gantry.yml's {@code resources}; {@link AppSpec.Resources#NONE} for none
 * @param user         the account to run as when the agent runs as root, from gantry.yml's {@code user}; null for the
 *                     agent's default ({@code gantry-app})
 * @param digest       the SHA-256 of the release's artifact ({@code sha256:<hex>}); the agent refuses an artifact that
 *                     does not match it before unpacking. Null for a release built before digests were recorded: such
 *                     an artifact is not checked
 */
public record InstanceSpec(
        String id,
        String app,
        int release,
        String command,
        String healthPath,
        Map<String, String> env,
        int graceSeconds,
        AppSpec.Resources resources,
        String user,
        String digest) {
    public InstanceSpec {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("instance id: must not be blank");
        if (app == null || app.isBlank()) throw new IllegalArgumentException("instance app: must not be blank");
        if (release < 1) throw new IllegalArgumentException("instance release: must be >= 1, was " + release);
        if (command == null || command.isBlank())
            throw new IllegalArgumentException("instance command: must not be blank");
        healthPath = healthPath == null || healthPath.isEmpty() ? "/health" : healthPath;
        env = env == null ? Map.of() : Map.copyOf(env);
        if (graceSeconds <= 0) graceSeconds = 10;
        resources = resources == null ? AppSpec.Resources.NONE : resources;
        String problem = AppSpec.userProblem(user);
        if (problem != null) throw new IllegalArgumentException("instance user: " + problem);
        if (digest != null && !dev.gantry.api.archive.Digest.isValid(digest))
            throw new IllegalArgumentException("instance digest: must look like sha256:<64 hex digits>, was " + digest);
    }

    /** An instance of a release whose artifact has no recorded digest. */
    public InstanceSpec(
            String id,
            String app,
            int release,
            String command,
            String healthPath,
            Map<String, String> env,
            int graceSeconds,
            AppSpec.Resources resources,
            String user) {
        this(id, app, release, command, healthPath, env, graceSeconds, resources, user, null);
    }

    /** An instance without resource limits, run as the agent's default user. */
    public InstanceSpec(
            String id,
            String app,
            int release,
            String command,
            String healthPath,
            Map<String, String> env,
            int graceSeconds) {
        this(id, app, release, command, healthPath, env, graceSeconds, AppSpec.Resources.NONE, null, null);
    }
}
