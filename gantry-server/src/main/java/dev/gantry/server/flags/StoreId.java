package dev.gantry.server.flags;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The identity of the flag store: a random id kept in Redis beside the global version. Versions
 * only count up within one store id. When Redis is wiped, or a failover loses the newest changes
 * before they reached the replica, the version starts again below what SDKs have already seen; the
 * store then gets a new id (a wipe loses the key, a control plane that finds the version below the
 * one it served replaces it), and an SDK takes a snapshot from a different store whatever its version.
 *
 * <p>The scripts run on the primary. {@link #HEAD}: KEYS 1 store id, 2 global version, 3 change
 * log; ARGV 1 the id to create when there is none, 2 a version to look up in the log. Returns
 * {id, version, logged event or false, logged data or false}. {@link #REPLACE}: KEYS 1 store id;
 * ARGV 1 the id that lost changes, 2 its replacement. Returns the id now in force (another control
 * plane's replacement when it was first).
 */
final class StoreId {
    static final String KEY = "gantry:flags:store-id";
    private static final SecureRandom RANDOM = new SecureRandom();

    static final String HEAD = """
      local id = redis.call('GET', KEYS[1])
      if not id then
        id = ARGV[1]
        redis.call('SET', KEYS[1], id)
      end
      local version = redis.call('GET', KEYS[2]) or '0'
      local entry = redis.call('XRANGE', KEYS[3], ARGV[2] .. '-1', ARGV[2] .. '-1')[1]
      if not entry then return {id, version, false, false} end
      local fields = {}
      for i = 1, #entry[2], 2 do fields[entry[2][i]] = entry[2][i + 1] end
      return {id, version, fields['event'] or false, fields['data'] or false}
      """;

    static final String REPLACE = """
      local id = redis.call('GET', KEYS[1])
      if not id or id == ARGV[1] then
        redis.call('SET', KEYS[1], ARGV[2])
        return ARGV[2]
      end
      return id
      """;

    private StoreId() {}

    /** A fresh id: 96 random bits, hex. */
    static String random() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
