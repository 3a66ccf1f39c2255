package dev.gantry.server.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/** A real redis-server child process on a free port (optionally a replica of another), for the server's tests. */
public final class TestRedis implements AutoCloseable {
    private final RedisServer server;
    private final int port;

    private TestRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static TestRedis primary(Path dir) throws IOException {
        int port = freePort();
        RedisServer s = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("dir " + dir.toAbsolutePath())
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        s.start();
        return new TestRedis(s, port);
    }

    public static TestRedis replicaOf(TestRedis primary, Path dir) throws IOException {
        int port = freePort();
        RedisServer s = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .slaveOf("127.0.0.1", primary.port)
                .setting("dir " + dir.toAbsolutePath())
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        s.start();
        return new TestRedis(s, port);
    }

    public URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
