package dev.gantry.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedRedisTest {
    @TempDir
    Path tmp;

    @Test
    void aCommandWithoutThePasswordIsRefusedWithNoauthAndOneWithItIsServed() throws Exception {
        try (EmbeddedRedis embedded = EmbeddedRedis.start(tmp.resolve("redis"));
                Redis redis = new Redis(embedded.uri())) {
            assertThat(Resp.firstLine(embedded.port(), "PING")).startsWith("-NOAUTH");
            assertThat(Resp.firstLine(embedded.port(), "SET", "gantry:desired", "rm -rf /"))
                    .startsWith("-NOAUTH");
            assertThat(Resp.firstLine(embedded.port(), "AUTH", "guess")).startsWith("-WRONGPASS");
            assertThat(redis.sync().ping()).isEqualTo("PONG");
        }
    }

    @Test
    void itListensOnLoopbackOnlyInProtectedMode() throws Exception {
        try (EmbeddedRedis embedded = EmbeddedRedis.start(tmp.resolve("redis"));
                Redis redis = new Redis(embedded.uri())) {
            assertThat(redis.sync().configGet("bind")).isEqualTo(Map.of("bind", "127.0.0.1"));
            assertThat(redis.sync().configGet("protected-mode")).isEqualTo(Map.of("protected-mode", "yes"));
            Optional<InetAddress> outside = nonLoopbackAddress();
            assumeTrue(outside.isPresent(), "this host has no non-loopback IPv4 address to try");
            assertThatThrownBy(() -> Resp.firstLine(outside.get(), embedded.port(), "PING"))
                    .isInstanceOfAny(ConnectException.class, SocketTimeoutException.class);
        }
    }

    @Test
    void thePasswordIsGeneratedOnceKeptOwnerOnlyAndOnNoCommandLine() throws Exception {
        Path dir = tmp.resolve("redis");
        String password;
        try (EmbeddedRedis embedded = EmbeddedRedis.start(dir)) {
            password =
                    Files.readString(dir.resolve(EmbeddedRedis.PASSWORD_FILE)).trim();
            assertThat(password).matches("[0-9a-f]{64}");
            assertThat(embedded.toString()).doesNotContain(password);
            long pid = Long.parseLong(Files.readString(dir.resolve("redis.pid")).trim());
            String commandLine = Files.readString(Path.of("/proc/" + pid + "/cmdline"));
            assertThat(commandLine).contains("redis").doesNotContain(password);
        }
        try (EmbeddedRedis again = EmbeddedRedis.start(dir);
                Redis redis = new Redis(again.uri())) {
            assertThat(Files.readString(dir.resolve(EmbeddedRedis.PASSWORD_FILE))
                            .trim())
                    .isEqualTo(password);
            assertThat(redis.sync().ping()).isEqualTo("PONG");
        }
    }

    @Test
    void itsDirectoryIs0700AndEveryFileInIt0600AfterAnAofRewrite() throws Exception {
        Path dir = tmp.resolve("redis");
        try (EmbeddedRedis embedded = EmbeddedRedis.start(dir);
                Redis redis = new Redis(embedded.uri())) {
            redis.sync().set("gantry:app:hello", "{}");
            redis.sync().bgrewriteaof();
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> redis.sync().info("persistence").contains("aof_rewrite_in_progress:0")
                            && redis.sync().info("persistence").contains("aof_rewrite_scheduled:0"));
            redis.sync().save();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        List<String> open;
        try (Stream<Path> files = Files.walk(dir)) {
            open = files.filter(p -> !p.equals(dir))
                    .filter(p -> !permissions(p).endsWith("------"))
                    .map(p -> dir.relativize(p) + " " + permissions(p))
                    .toList();
        }
        assertThat(open).as("files in the redis directory that others may read").isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .contains(EmbeddedRedis.PASSWORD_FILE, EmbeddedRedis.CONFIG_FILE, "appendonly.aof", "dump.rdb");
        }
    }

    @Test
    void aMaskedUriShowsNoPassword() {
        assertThat(Redis.masked(URI.create("redis://gantry:s3cret@10.0.0.5:6379/2")))
                .isEqualTo("redis://gantry:***@10.0.0.5:6379/2");
        assertThat(Redis.masked(URI.create("rediss://s3cret@redis.example:6380")))
                .isEqualTo("rediss://***@redis.example:6380");
        assertThat(Redis.masked(URI.create("redis://:s3cret@127.0.0.1:6379"))).isEqualTo("redis://:***@127.0.0.1:6379");
        assertThat(Redis.masked(URI.create("redis-sentinel://s3cret@h1:26379,h2:26379/0#mymaster")))
                .isEqualTo("redis-sentinel://***@h1:26379,h2:26379/0#mymaster");
        assertThat(Redis.masked(URI.create("redis://10.0.0.5:6379"))).isEqualTo("redis://10.0.0.5:6379");
        assertThat(Redis.masked("redis-sentinel://s3cret@h1:26379#my@master"))
                .isEqualTo("redis-sentinel://***@h1:26379#my@master");
        assertThat(Redis.masked("redis://u:p@ss@10.0.0.5:6379/0")).isEqualTo("redis://u:***@10.0.0.5:6379/0");
        assertThat(Redis.masked("redis://10.0.0.5:6379/0#a@b")).isEqualTo("redis://10.0.0.5:6379/0#a@b");
    }

    private static String permissions(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        return NetworkInterface.networkInterfaces()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                })
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst();
    }
}
