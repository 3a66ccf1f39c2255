package dev.gantry.cli;

import dev.gantry.api.alerts.AlertConfig;
import dev.gantry.api.alerts.AlertConfigParser;
import dev.gantry.server.ServerConfig;
import dev.gantry.server.metrics.SeriesSettings;
import dev.gantry.server.releases.UploadLimits;
import dev.gantry.server.store.Redis;
import dev.gantry.server.tls.ApiTls;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

@Command(
        name = "server",
        description = "Run the control plane (with an embedded agent, router and Redis unless told otherwise).")
final class ServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataDirOption data;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            defaultValue = "${env:GANTRY_BIND:-127.0.0.1}",
            description =
                    "address the API and the embedded router listen on (env GANTRY_BIND, default ${DEFAULT-VALUE})")
    String bind;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "${env:GANTRY_PORT:-7070}",
            description = "API port (env GANTRY_PORT, default ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--router-port",
            paramLabel = "PORT",
            defaultValue = "${env:GANTRY_ROUTER_PORT:-8080}",
            description = "embedded router's HTTP port (env GANTRY_ROUTER_PORT, default ${DEFAULT-VALUE})")
    int routerPort;

    @Option(
            names = "--no-router",
            defaultValue = "${env:GANTRY_NO_ROUTER:-false}",
            description = "run no embedded router (run `gantry router` instead) (env GANTRY_NO_ROUTER)")
    boolean noRouter;

    @Option(
            names = "--agent-port",
            paramLabel = "PORT",
            defaultValue = "${env:GANTRY_AGENT_PORT:-7071}",
            description = "embedded agent's endpoint port (env GANTRY_AGENT_PORT, default ${DEFAULT-VALUE})")
    int agentPort;

    @Option(
            names = "--no-agent",
            defaultValue = "${env:GANTRY_NO_AGENT:-false}",
            description = "run no embedded agent (run `gantry agent` on each host instead) (env GANTRY_NO_AGENT)")
    boolean noAgent;

    @Option(
            names = "--redis",
            paramLabel = "URI",
            defaultValue = "${env:GANTRY_REDIS}",
            converter = RedisUriConverter.class,
            description = "external Redis, e.g. redis://gantry:PASSWORD@10.0.0.5:6379/0 (rediss:// for TLS), or a "
                    + "primary and replicas under Sentinel: redis-sentinel://PASSWORD@10.0.0.5:26379,10.0.0.6:26379,10.0.0.7:26379#mymaster "
                    + "(env GANTRY_REDIS, better than the option for a URI with a password, which ps shows; "
                    + "default: an embedded one in the data directory, with a generated password)")
    URI redis;

    @Option(
            names = "--redis-replica",
            paramLabel = "URI",
            defaultValue = "${env:GANTRY_REDIS_REPLICA}",
            converter = RedisUriConverter.class,
            description = "a replica of --redis that flag "
                    + "reads may come from (redis://...), or a redis-sentinel:// URI to read flags from the replicas Sentinel knows (the primary "
                    + "while there are none) (env GANTRY_REDIS_REPLICA, default: reads from --redis)")
    URI redisReplica;

    @Mixin
    RouterOptions edge;

    @Option(
            names = "--advertise-url",
            paramLabel = "URL",
            defaultValue = "${env:GANTRY_ADVERTISE_URL}",
            description =
                    "URL at which instances and agents on other hosts reach this control plane (env GANTRY_ADVERTISE_URL)")
    String advertiseUrl;

    @Option(
            names = "--keep-releases",
            paramLabel = "N",
            defaultValue = "${env:GANTRY_KEEP_RELEASES:-" + ServerConfig.DEFAULT_KEEP_RELEASES + "}",
            description =
                    "READY releases of each app that keep their artifact and build tree, besides the live one, the "
                            + "rollback target and those instances run; older ones are pruned after each deploy (the embedded "
                            + "agent keeps as many unpacked) (env GANTRY_KEEP_RELEASES, default ${DEFAULT-VALUE})")
    int keepReleases;

    @Option(
            names = "--max-upload",
            paramLabel = "SIZE",
            converter = SizeConverter.class,
            defaultValue = "${env:GANTRY_MAX_UPLOAD:-512Mi}",
            description = "largest app upload (the packed directory); a bigger one gets 413 before it is stored"
                    + " (env GANTRY_MAX_UPLOAD, default ${DEFAULT-VALUE})")
    long maxUpload;

    @Option(
            names = "--build-timeout",
            paramLabel = "DURATION",
            defaultValue = "${env:GANTRY_BUILD_TIMEOUT:-15m}",
            converter = DurationConverter.class,
            description = "how long gantry.yml's test command, and then its build command, may each run before it is"
                    + " killed and the release fails, for an upload or a git push (env GANTRY_BUILD_TIMEOUT,"
                    + " default ${DEFAULT-VALUE})")
    java.time.Duration buildTimeout;

    @Mixin
    UnpackOptions unpack;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            defaultValue = "${env:GANTRY_TLS_CERT}",
            description =
                    "the API's certificate chain, PEM, leaf first; serves the API over HTTPS (env GANTRY_TLS_CERT)")
    Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "FILE",
            defaultValue = "${env:GANTRY_TLS_KEY}",
            description = "the private key of --tls-cert, PEM (env GANTRY_TLS_KEY)")
    Path tlsKey;

    @Option(
            names = "--api-tls",
            paramLabel = "MODE",
            defaultValue = "${env:GANTRY_API_TLS:-auto}",
            description =
                    "HTTPS for the API: auto (with --tls-cert, or when --bind is not a loopback address), on, off;"
                            + " without --tls-cert a private CA and certificate are made in DATA/tls/control-plane on first start"
                            + " (env GANTRY_API_TLS, default ${DEFAULT-VALUE})")
    ApiTls.Mode apiTls;

    @Option(
            names = "--plain-port",
            paramLabel = "PORT",
            defaultValue = "${env:GANTRY_PLAIN_PORT:-" + ApiTls.DEFAULT_PLAIN_PORT + "}",
            description =
                    "with HTTPS, plain HTTP on 127.0.0.1 at this port for the embedded agent, instances and a local"
                            + " CLI; -1 for none (env GANTRY_PLAIN_PORT, default ${DEFAULT-VALUE})")
    int plainPort;

    @Option(
            names = "--alerts",
            paramLabel = "FILE",
            defaultValue = "${env:GANTRY_ALERTS}",
            description = "alert rules, notification routes and the SMTP server, YAML (see the README's Alerts);"
                    + " without it the built-in rules are told to the log (env GANTRY_ALERTS)")
    Path alerts;

    @Option(
            names = "--session-ttl",
            paramLabel = "DURATION",
            defaultValue = "${env:GANTRY_SESSION_TTL:-12h}",
            converter = DurationConverter.class,
            description = "how long a dashboard login lasts (env GANTRY_SESSION_TTL, default ${DEFAULT-VALUE})")
    java.time.Duration sessionTtl;

    @Option(
            names = "--series-fine-retention",
            paramLabel = "DURATION",
            defaultValue = "${env:GANTRY_SERIES_FINE_RETENTION:-1h}",
            converter = DurationConverter.class,
            description =
                    "how long metrics are kept at one-second steps (dashboard charts, `gantry top`), 1m to 7d;"
                            + " a subject silent this long is forgotten (env GANTRY_SERIES_FINE_RETENTION, default ${DEFAULT-VALUE})")
    java.time.Duration seriesFineRetention;

    @Option(
            names = "--series-coarse-retention",
            paramLabel = "DURATION",
            defaultValue = "${env:GANTRY_SERIES_COARSE_RETENTION:-1d}",
            converter = DurationConverter.class,
            description = "how long metrics are kept at one-minute steps, in memory and in Redis, from"
                    + " --series-fine-retention to 90d (env GANTRY_SERIES_COARSE_RETENTION, default ${DEFAULT-VALUE})")
    java.time.Duration seriesCoarseRetention;

    @Option(
            names = "--max-series",
            paramLabel = "N",
            defaultValue = "${env:GANTRY_MAX_SERIES:-5000}",
            description = "the most instances, hosts, apps and releases whose metrics are kept at once; samples of"
                    + " more are dropped with a log line (env GANTRY_MAX_SERIES, default ${DEFAULT-VALUE})")
    int maxSeries;

    /** Picocli's own URI converter would quote the value, password included, in its error. */
    static final class RedisUriConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                return new URI(value);
            } catch (URISyntaxException e) {
                throw new TypeConversionException("not a URI (reserved characters in a password are written "
                        + "percent-encoded, @ as %40): " + Redis.masked(value));
            }
        }
    }

    private AlertConfig alertConfig() throws java.io.IOException {
        if (alerts == null) return null;
        try {
            return AlertConfigParser.parse(
                    Files.readString(alerts), alerts.getFileName().toString());
        } catch (IllegalArgumentException e) {
            throw new CliException("--alerts " + alerts + ":\n" + e.getMessage());
        }
    }

    /** The control plane's settings, as the options say; a bad one is an error naming its option. */
    ServerConfig config() throws java.io.IOException {
        return new ServerConfig(data.path(), bind, port, redis, null, advertiseUrl)
                .withKeepReleases(keepReleases)
                .withUploads(new UploadLimits(maxUpload, unpack.limits(), buildTimeout))
                .withTls(tls())
                .withAlerts(alertConfig())
                .withSessionTtl(sessionTtl)
                .withSeries(series());
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config = config();
        Embedded gantry = Embedded.start(
                config,
                redisReplica,
                noRouter ? null : edge.builder(config.dataDir(), bind, routerPort),
                noAgent ? null : "local",
                agentPort);
        PrintWriter out = spec.commandLine().getOut();
        out.println("control plane  " + gantry.server().apiUrl());
        if (gantry.server().caFingerprint() != null) {
            out.println("CA fingerprint " + gantry.server().caFingerprint()
                    + "  (agents, routers and CLIs elsewhere: --ca-fingerprint)");
            if (!gantry.server().localUrl().equals(gantry.server().apiUrl()))
                out.println("loopback       " + gantry.server().localUrl() + "  (plain HTTP, this host only)");
        }
        if (gantry.routerPort() > 0) out.println("router         http://" + bind + ":" + gantry.routerPort());
        if (gantry.routerTlsPort() > 0) out.println("router HTTPS   https://" + bind + ":" + gantry.routerTlsPort());
        out.println("admin token    " + config.dataDir().resolve("token"));
        out.flush();
        Signals.awaitStop(() -> gantry.close(true));
        return 0;
    }

    /** The series settings of the options; a bad value is a usage error naming its option. */
    SeriesSettings series() {
        try {
            return new SeriesSettings(seriesFineRetention, seriesCoarseRetention, maxSeries);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    e.getMessage()
                            .replace("fineRetention", "--series-fine-retention")
                            .replace("coarseRetention", "--series-coarse-retention")
                            .replace("maxSeries", "--max-series"));
        }
    }

    private ApiTls tls() {
        try {
            return ApiTls.choose(apiTls, tlsCert, tlsKey, bind, plainPort);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    e.getMessage()
                            .replace("tlsCert", "--tls-cert")
                            .replace("tlsKey", "--tls-key")
                            .replace("plainPort", "--plain-port")
                            .replace("tls: is off", "--api-tls: is off"));
        }
    }
}
