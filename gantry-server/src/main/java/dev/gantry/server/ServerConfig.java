package dev.gantry.server;

import dev.gantry.api.alerts.AlertConfig;
import dev.gantry.server.metrics.SeriesSettings;
import dev.gantry.server.releases.UploadLimits;
import dev.gantry.server.store.Redis;
import dev.gantry.server.tls.ApiTls;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * How one control plane runs. Built once, validated on construction.
 *
 * @param redis        an external Redis ({@code redis://[user:password@]host:port[/db]}, {@code rediss://} for TLS, or
 *                     primary and replicas under Sentinel: {@code redis-sentinel://[password@]host1:26379,host2:26379#mymaster});
 *                     null starts the embedded one in dataDir/redis. Printed only masked ({@link Redis#masked})
 * @param apiPort      control plane API port; 0 picks a free one
 * @param drainDelay   how long an instance takes no new requests before it is stopped
 * @param advertiseUrl the control plane URL instances and agents on other hosts use; null: the API's own URL
 * @param keepReleases how many READY releases of each app keep their artifact and build tree on the control plane
 *                     (the live one, the rollback target and those instances run are kept besides); 0: the default, 10
 * @param tls          HTTPS for the API (and a plain listener on loopback); null serves plain HTTP on bindAddress
 * @param uploads      the largest app upload and how far it may expand when unpacked; null: {@link UploadLimits#DEFAULT}
 * @param alerts       alert rules and notification routes (the {@code --alerts} file); null: the built-in rules, told to the log
 * @param sessionTtl   how long a dashboard login lasts; null: {@link #DEFAULT_SESSION_TTL}
 * @param series       how long metrics are kept at one-second and one-minute steps, and for how many subjects at
 *                     most; null: {@link SeriesSettings#DEFAULT}
 */
public record ServerConfig(
        Path dataDir,
        String bindAddress,
        int apiPort,
        URI redis,
        Duration drainDelay,
        String advertiseUrl,
        int keepReleases,
        ApiTls tls,
        UploadLimits uploads,
        AlertConfig alerts,
        Duration sessionTtl,
        SeriesSettings series) {
    public static final int DEFAULT_KEEP_RELEASES = 10;
    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(12);
    private static final Set<String> REDIS_SCHEMES = Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel");

    public ServerConfig {
        if (dataDir == null) throw new IllegalArgumentException("dataDir: is required");
        dataDir = dataDir.toAbsolutePath().normalize();
        bindAddress = bindAddress == null ? "127.0.0.1" : bindAddress;
        if (apiPort < 0 || apiPort > 65535)
            throw new IllegalArgumentException("apiPort: must be 0..65535, was " + apiPort);
        if (redis != null && !REDIS_SCHEMES.contains(String.valueOf(redis.getScheme()))) {
            throw new IllegalArgumentException(
                    "redis: must be a redis://, rediss:// or redis-sentinel:// URI, was " + Redis.masked(redis));
        }
        drainDelay = drainDelay == null ? Duration.ofMillis(1500) : drainDelay;
        if (drainDelay.isNegative()) throw new IllegalArgumentException("drainDelay: must be >= 0, was " + drainDelay);
        if (advertiseUrl != null && !advertiseUrl.matches("https?://.+")) {
            throw new IllegalArgumentException("advertiseUrl: must be an http(s) URL, was " + advertiseUrl);
        }
        if (keepReleases < 0) throw new IllegalArgumentException("keepReleases: must be >= 1, was " + keepReleases);
        keepReleases = keepReleases == 0 ? DEFAULT_KEEP_RELEASES : keepReleases;
        uploads = uploads == null ? UploadLimits.DEFAULT : uploads;
        alerts = alerts == null ? AlertConfig.NONE : alerts;
        sessionTtl = sessionTtl == null ? DEFAULT_SESSION_TTL : sessionTtl;
        if (sessionTtl.toSeconds() < 1)
            throw new IllegalArgumentException("sessionTtl: must be at least 1s, was " + sessionTtl);
        series = series == null ? SeriesSettings.DEFAULT : series;
    }

    public ServerConfig(
            Path dataDir,
            String bindAddress,
            int apiPort,
            URI redis,
            Duration drainDelay,
            String advertiseUrl,
            int keepReleases,
            ApiTls tls,
            UploadLimits uploads,
            AlertConfig alerts,
            Duration sessionTtl) {
        this(
                dataDir,
                bindAddress,
                apiPort,
                redis,
                drainDelay,
                advertiseUrl,
                keepReleases,
                tls,
                uploads,
                alerts,
                sessionTtl,
                null);
    }

    public ServerConfig(
            Path dataDir,
            String bindAddress,
            int apiPort,
            URI redis,
            Duration drainDelay,
            String advertiseUrl,
            int keepReleases,
            ApiTls tls,
            UploadLimits uploads,
            AlertConfig alerts) {
        this(dataDir, bindAddress, apiPort, redis, drainDelay, advertiseUrl, keepReleases, tls, uploads, alerts, null);
    }

    public ServerConfig(
            Path dataDir,
            String bindAddress,
            int apiPort,
            URI redis,
            Duration drainDelay,
            String advertiseUrl,
            int keepReleases,
            ApiTls tls,
            UploadLimits uploads) {
        this(dataDir, bindAddress, apiPort, redis, drainDelay, advertiseUrl, keepReleases, tls, uploads, null);
    }

    public ServerConfig(
            Path dataDir,
            String bindAddress,
            int apiPort,
            URI redis,
            Duration drainDelay,
            String advertiseUrl,
            int keepReleases,
            ApiTls tls) {
        this(dataDir, bindAddress, apiPort, redis, drainDelay, advertiseUrl, keepReleases, tls, null);
    }

    public ServerConfig(
            Path dataDir, String bindAddress, int apiPort, URI redis, Duration drainDelay, String advertiseUrl) {
        this(dataDir, bindAddress, apiPort, redis, drainDelay, advertiseUrl, 0, null);
    }

    public ServerConfig(Path dataDir, String bindAddress, int apiPort, URI redis, Duration drainDelay) {
        this(dataDir, bindAddress, apiPort, redis, drainDelay, null, 0, null);
    }

    public static ServerConfig of(Path dataDir, int apiPort) {
        return new ServerConfig(dataDir, "127.0.0.1", apiPort, null, null);
    }

    /** As a record prints itself, with the Redis password masked. */
    @Override
    public String toString() {
        return "ServerConfig[dataDir=" + dataDir + ", bindAddress=" + bindAddress + ", apiPort=" + apiPort + ", redis="
                + (redis == null ? null : Redis.masked(redis)) + ", drainDelay=" + drainDelay + ", advertiseUrl="
                + advertiseUrl + ", keepReleases=" + keepReleases + ", tls=" + tls + ", uploads=" + uploads
                + ", alerts=" + alerts.rules().size() + " rules, "
                + alerts.routes().size()
                + " routes, sessionTtl=" + sessionTtl + ", series=" + series + "]";
    }

    public ServerConfig withRedis(URI uri) {
        return new ServerConfig(
                dataDir,
                bindAddress,
                apiPort,
                uri,
                drainDelay,
                advertiseUrl,
                keepReleases,
                tls,
                uploads,
                alerts,
                sessionTtl,
                series);
    }

    public ServerConfig withKeepReleases(int count) {
        if (count < 1) throw new IllegalArgumentException("keepReleases: must be >= 1, was " + count);
        return new ServerConfig(
                dataDir,
                bindAddress,
                apiPort,
                redis,
                drainDelay,
                advertiseUrl,
                count,
                tls,
                uploads,
                alerts,
                sessionTtl,
                series);
    }

    /** The same with the API on HTTPS as {@code tls} says; null serves plain HTTP. */
    public ServerConfig withTls(ApiTls tls) {
        return new ServerConfig(
                dataDir,
                bindAddress,
                apiPort,
                redis,
                drainDelay,
                advertiseUrl,
                keepReleases,
                tls,
                uploads,
                alerts,
                sessionTtl,
                series);
    }

    /** The same with these upload limits. */
    public ServerConfig withUploads(UploadLimits limits) {
        return new ServerConfig(
                dataDir,
                bindAddress,
                apiPort,
                redis,
                drainDelay,
                advertiseUrl,
                keepReleases,
                tls,
                limits,
                alerts,
                sessionTtl,
                series);
    }

    /** The same with these alert rules and routes. */
    public ServerConfig withAlerts(AlertConfig alerts) {
        return new ServerConfig(
                dataDir,
                bindAddress,
                apiPort,
                redis,
                drainDelay,
                advertiseUrl,
                keepReleases,
                tls,
                uploads,
                alerts,
                sessionTtl,
                series);
    }

    /** The same with dashboard logins lasting {@code ttl}. */
    public ServerConfig withSessionTtl(Duration ttl) {
        return new ServerConfig(
                dataDir,
                bindAddress,
                apiPort,
                redis,
                drainDelay,
                advertiseUrl,
                keepReleases,
                tls,
                uploads,
                alerts,
                ttl,
                series);
    }

    /** The same keeping metrics as {@code series} says. */
    public ServerConfig withSeries(SeriesSettings series) {
        return new ServerConfig(
                dataDir,
                bindAddress,
                apiPort,
                redis,
                drainDelay,
                advertiseUrl,
                keepReleases,
                tls,
                uploads,
                alerts,
                sessionTtl,
                series);
    }

    /** Where a generated CA and certificate are kept. */
    public Path tlsDir() {
        return dataDir.resolve("tls").resolve("control-plane");
    }
}
