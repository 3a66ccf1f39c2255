package dev.gantry.server.store;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.time.Duration;

/** The connection to the store of record. One client, one shared thread-safe connection. */
public final class Redis implements AutoCloseable {
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;

  public Redis(URI uri) {
    RedisURI redisUri = RedisURI.create(uri.toString());
    redisUri.setTimeout(Duration.ofSeconds(5));
    this.client = RedisClient.create(redisUri);
    this.connection = client.connect();
  }

  public RedisCommands<String, String> sync() {
    return connection.sync();
  }

  public RedisClient client() {
    return client;
  }

  public StatefulRedisConnection<String, String> connection() {
    return connection;
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
