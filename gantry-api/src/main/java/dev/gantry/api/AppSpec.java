package dev.gantry.api;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An application as described by its {@code gantry.yml}.
 *
 * @param build         shell command run in a clean copy of the source; null when there is nothing to build
 * @param test          shell command run after the build; a non-zero exit rejects the release; may be null
 * @param run           shell command that serves HTTP on $PORT
 * @param health        readiness path; 2xx means the instance can take traffic
 * @param instances     how many instances to run
 * @param route         how the router reaches the app
 * @param healthTimeout how long a new instance may take to become ready before a deploy fails
 * @param grace         time between SIGTERM and SIGKILL when an instance stops
 * @param logs          how each instance's log file rotates
 * @param resources     memory and CPU limits of each instance; {@link Resources#NONE} for none
 * @param user          the account instances run as when the agent runs as root; null for the agent's default
 * @param strategy      how a deploy replaces the live release; {@link Strategy#DEFAULT} (rolling, one at a time)
 */
public record AppSpec(
        String name,
        String build,
        String test,
        String run,
        String health,
        int instances,
        RouteSpec route,
        Map<String, String> env,
        Duration healthTimeout,
        Duration grace,
        LogSpec logs,
        Resources resources,
        String user,
        Strategy strategy) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    /** An account name as useradd takes it; {@code root} is refused. */
    static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

    public AppSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "name: must be lowercase letters, digits and dashes, starting with a letter, was " + name);
        }
        if (run == null || run.isBlank()) throw new IllegalArgumentException("run: is required");
        health = health == null ? "/health" : health;
        if (!health.startsWith("/")) throw new IllegalArgumentException("health: must start with /, was " + health);
        if (instances < 0) throw new IllegalArgumentException("instances: must be >= 0, was " + instances);
        route = route == null ? new RouteSpec(name + ".localhost", "/", false, false) : route;
        env = env == null ? Map.of() : Map.copyOf(env);
        healthTimeout = healthTimeout == null ? Duration.ofSeconds(60) : healthTimeout;
        grace = grace == null ? Duration.ofSeconds(10) : grace;
        logs = logs == null ? LogSpec.DEFAULT : logs;
        resources = resources == null ? Resources.NONE : resources;
        String problem = userProblem(user);
        if (problem != null) throw new IllegalArgumentException("user: " + problem);
        strategy = strategy == null ? Strategy.DEFAULT : strategy;
    }

    /** A spec with the default (rolling) strategy. */
    public AppSpec(
            String name,
            String build,
            String test,
            String run,
            String health,
            int instances,
            RouteSpec route,
            Map<String, String> env,
            Duration healthTimeout,
            Duration grace,
            LogSpec logs,
            Resources resources,
            String user) {
        this(name, build, test, run, health, instances, route, env, healthTimeout, grace, logs, resources, user, null);
    }

    /** A spec with no resource limits and the agent's default user. */
    public AppSpec(
            String name,
            String build,
            String test,
            String run,
            String health,
            int instances,
            RouteSpec route,
            Map<String, String> env,
            Duration healthTimeout,
            Duration grace,
            LogSpec logs) {
        this(name, build, test, run, health, instances, route, env, healthTimeout, grace, logs, Resources.NONE, null);
    }

    /** A spec with the default log rotation. */
    public AppSpec(
            String name,
            String build,
            String test,
            String run,
            String health,
            int instances,
            RouteSpec route,
            Map<String, String> env,
            Duration healthTimeout,
            Duration grace) {
        this(name, build, test, run, health, instances, route, env, healthTimeout, grace, LogSpec.DEFAULT);
    }

    public AppSpec withEnv(Map<String, String> env) {
        return new AppSpec(
                name,
                build,
                test,
                run,
                health,
                instances,
                route,
                env,
                healthTimeout,
                grace,
                logs,
                resources,
                user,
                strategy);
    }

    public AppSpec withInstances(int count) {
        return new AppSpec(
                name,
                build,
                test,
                run,
                health,
                count,
                route,
                env,
                healthTimeout,
                grace,
                logs,
                resources,
                user,
                strategy);
    }

    /** Why {@code name} cannot be an app's name; null when it can. */
    public static String nameProblem(String name) {
        return name != null && NAME.matcher(name).matches()
                ? null
                : "must be lowercase letters, digits and dashes, starting with a letter, was " + name;
    }

    /** What is wrong with {@code user} as the account of instances, or null if nothing (null itself is fine). */
    public static String userProblem(String user) {
        if (user == null) return null;
        if (!USER.matcher(user).matches())
            return "must be an account name (lowercase letters, digits, '_' and '-'), was " + user;
        if (user.equals("root")) return "must not be root: instances never run as root";
        return null;
    }

    /**
     * Where the router sends requests for this app: a Host header and an optional path prefix.
     *
     * @param tls         served over HTTPS by routers that have a TLS listener
     * @param tlsRedirect with {@code tls}: plain HTTP is redirected to HTTPS (308)
     */
    public record RouteSpec(String host, String path, boolean tls, boolean tlsRedirect) {
        /** A plain-HTTP route. */
        public RouteSpec(String host, String path) {
            this(host, path, false, false);
        }

        public RouteSpec {
            if (host == null || host.isBlank()) throw new IllegalArgumentException("route.host: is required");
            host = host.toLowerCase(java.util.Locale.ROOT);
            path = path == null || path.isEmpty() ? "/" : path;
            if (!path.startsWith("/")) throw new IllegalArgumentException("route.path: must start with /, was " + path);
        }
    }

    /**
     * Size-based rotation of an instance's log, as Docker's json-file driver: when the file passes {@code maxSize}
     * bytes it is rotated, and at most {@code maxFiles} files are kept, the current one included.
     */
    public record LogSpec(long maxSize, int maxFiles) {
        public static final long MIN_SIZE = 1024;
        public static final int MAX_FILES = 100;
        public static final LogSpec DEFAULT = new LogSpec(10 * 1024 * 1024, 5);

        public LogSpec {
            if (maxSize < MIN_SIZE)
                throw new IllegalArgumentException("logs.max_size: must be at least 1Ki, was " + maxSize);
            if (maxFiles < 1 || maxFiles > MAX_FILES) {
                throw new IllegalArgumentException("logs.max_files: must be 1.." + MAX_FILES + ", was " + maxFiles);
            }
        }
    }

    /**
     * Limits of each instance, enforced by the agent with cgroups where the host has them.
     *
     * @param memoryBytes memory limit in bytes (the OOM killer ends the instance past it); 0 for none
     * @param cpu         CPU share in cores, e.g. 0.5 for half of one core; 0 for none
     */
    public record Resources(long memoryBytes, double cpu) {
        public static final Resources NONE = new Resources(0, 0);
        public static final long MIN_MEMORY = 16L << 20;
        public static final double MIN_CPU = 0.01;
        public static final double MAX_CPU = 1024;

        public Resources {
            if (memoryBytes != 0 && memoryBytes < MIN_MEMORY) {
                throw new IllegalArgumentException("resources.memory: must be at least 16Mi, was " + memoryBytes);
            }
            if (cpu != 0 && !(cpu >= MIN_CPU && cpu <= MAX_CPU)) {
                throw new IllegalArgumentException(
                        "resources.cpu: must be " + MIN_CPU + ".." + (int) MAX_CPU + " cores, was " + cpu);
            }
        }

        /** A byte count as gantry.yml writes it: {@code 256Mi}, {@code 1Gi}, {@code 1536Ki}, or plain bytes. */
        public static String sizeText(long bytes) {
            if (bytes != 0 && bytes % (1L << 30) == 0) return (bytes >> 30) + "Gi";
            if (bytes != 0 && bytes % (1L << 20) == 0) return (bytes >> 20) + "Mi";
            if (bytes != 0 && bytes % (1L << 10) == 0) return (bytes >> 10) + "Ki";
            return Long.toString(bytes);
        }
    }
}
