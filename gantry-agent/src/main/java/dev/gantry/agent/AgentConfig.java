package dev.gantry.agent;

import dev.gantry.api.AppSpec;
import dev.gantry.api.archive.ArchiveLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How one agent runs. Validated on construction; build with {@link #builder(String, Path, String)}.
 *
 * @param host              the agent's host name, its identity towards the control plane
 * @param address           address instances are reached at and the agent endpoint binds to
 * @param dataDir           where releases, logs, desired.json and instances.json live
 * @param portFrom          first port handed to instances
 * @param portTo            last port handed to instances (inclusive)
 * @param httpPort          port of the agent endpoint (logs, health); 0 picks a free one
 * @param token             bearer token required by the agent endpoint and sent to the control plane
 * @param reconcileInterval how often desired state is fetched and applied
 * @param healthTimeout     how long one health probe may take before it counts as failed
 * @param keepReleases      unpacked releases kept per app besides the ones in use; older ones are deleted
 * @param instanceUser      when the agent runs as root: the account instances run as unless their gantry.yml names
 *                          one (created as a system user if missing); never root
 * @param archiveLimits     how far a release artifact may expand when unpacked ({@link ArchiveLimits#DEFAULT}: 1 GiB,
 *                          20,000 entries, a ratio of 200, 5 minutes)
 * @param version           the Gantry version the agent reports ({@code gantry hosts}' AGENT column); "unknown" when
 *                          the build did not say
 * @param apps              the only apps this host runs; empty: any app that no host names
 */
public record AgentConfig(
        String host,
        String address,
        Path dataDir,
        int portFrom,
        int portTo,
        int httpPort,
        String token,
        Duration reconcileInterval,
        Duration healthTimeout,
        int keepReleases,
        String instanceUser,
        ArchiveLimits archiveLimits,
        String version,
        java.util.List<String> apps) {
    public static final String DEFAULT_INSTANCE_USER = "gantry-app";

    public AgentConfig {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("host: must not be blank");
        if (address == null || address.isBlank()) throw new IllegalArgumentException("address: must not be blank");
        Objects.requireNonNull(dataDir, "dataDir: must not be null");
        if (portFrom < 1 || portFrom > 65535)
            throw new IllegalArgumentException("portFrom: must be 1..65535, was " + portFrom);
        if (portTo < portFrom || portTo > 65535) {
            throw new IllegalArgumentException("portTo: must be portFrom.." + 65535 + ", was " + portTo);
        }
        if (httpPort < 0 || httpPort > 65535)
            throw new IllegalArgumentException("httpPort: must be 0..65535, was " + httpPort);
        if (token == null || token.isBlank()) throw new IllegalArgumentException("token: must not be blank");
        requirePositive("reconcileInterval", reconcileInterval);
        requirePositive("healthTimeout", healthTimeout);
        if (keepReleases < 1) throw new IllegalArgumentException("keepReleases: must be >= 1, was " + keepReleases);
        if (instanceUser == null) throw new IllegalArgumentException("instanceUser: must not be null");
        String userProblem = AppSpec.userProblem(instanceUser);
        if (userProblem != null) throw new IllegalArgumentException("instanceUser: " + userProblem);
        dataDir = dataDir.toAbsolutePath().normalize();
        Objects.requireNonNull(archiveLimits, "archiveLimits: must not be null");
        version = version == null || version.isBlank() ? "unknown" : version.strip();
        apps = apps == null ? java.util.List.of() : java.util.List.copyOf(apps);
        for (String app : apps) {
            String problem = dev.gantry.api.AppSpec.nameProblem(app);
            if (problem != null) throw new IllegalArgumentException("apps: " + problem);
        }
    }

    /**
     * A builder with the defaults: address 127.0.0.1, ports 20000..29999, httpPort 7071, reconcile 1 s, health 2 s,
     * 10 releases kept per app, instances run as {@code gantry-app} when the agent runs as root.
     */
    public static Builder builder(String host, Path dataDir, String token) {
        return new Builder(host, dataDir, token);
    }

    /** The base URL of the agent endpoint once it listens on {@code boundPort}. */
    public String agentUrl(int boundPort) {
        String h = address.contains(":") ? "[" + address + "]" : address;
        return "http://" + h + ":" + boundPort;
    }

    private static void requirePositive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero())
            throw new IllegalArgumentException(field + ": must be > 0, was " + d);
    }

    /** Builds an {@link AgentConfig}; every setter returns this builder. */
    public static final class Builder {
        private final String host;
        private final Path dataDir;
        private final String token;
        private String address = "127.0.0.1";
        private int portFrom = 20000;
        private int portTo = 29999;
        private int httpPort = 7071;
        private Duration reconcileInterval = Duration.ofSeconds(1);
        private Duration healthTimeout = Duration.ofSeconds(2);
        private int keepReleases = 10;
        private String instanceUser = DEFAULT_INSTANCE_USER;
        private ArchiveLimits archiveLimits = ArchiveLimits.DEFAULT;
        private String version = "unknown";
        private java.util.List<String> apps = java.util.List.of();

        private Builder(String host, Path dataDir, String token) {
            this.host = host;
            this.dataDir = dataDir;
            this.token = token;
        }

        public Builder address(String value) {
            this.address = value;
            return this;
        }

        public Builder ports(int from, int to) {
            this.portFrom = from;
            this.portTo = to;
            return this;
        }

        public Builder httpPort(int value) {
            this.httpPort = value;
            return this;
        }

        public Builder reconcileInterval(Duration value) {
            this.reconcileInterval = value;
            return this;
        }

        public Builder healthTimeout(Duration value) {
            this.healthTimeout = value;
            return this;
        }

        public Builder keepReleases(int value) {
            this.keepReleases = value;
            return this;
        }

        public Builder instanceUser(String value) {
            this.instanceUser = value;
            return this;
        }

        public Builder archiveLimits(ArchiveLimits value) {
            this.archiveLimits = value;
            return this;
        }

        public Builder version(String value) {
            this.version = value;
            return this;
        }

        public Builder apps(java.util.List<String> value) {
            this.apps = value;
            return this;
        }

        public AgentConfig build() {
            return new AgentConfig(
                    host,
                    address,
                    dataDir,
                    portFrom,
                    portTo,
                    httpPort,
                    token,
                    reconcileInterval,
                    healthTimeout,
                    keepReleases,
                    instanceUser,
                    archiveLimits,
                    version,
                    apps);
        }
    }
}
