package dev.gantry.server.flags;

/**
 * The one Lua script through which every flag and segment write goes, so that the compare of the
 * item's version, the global version bump, the change log entry, the audit entry, the segment
 * reference bookkeeping and the publish happen atomically and in version order.
 *
 * <p>KEYS: 1 items hash, 2 item-versions hash, 3 global version counter, 4 change log stream,
 * 5 audit list. ARGV: 1 kind (flag|segment), 2 key, 3 expected item version (0 = absent),
 * 4 new JSON ('' deletes), 5 audit entry JSON, 6 channel, 7 log length, 8 audit length,
 * 9 segments hash, 10 segment-refs key prefix, 11 segments the new value uses (space separated),
 * 12 segments the old value used, 13 the global version the caller read, 14 the stream event's
 * JSON, written by the caller for the global version after that one (the script moves JSON
 * around, it never writes any).
 *
 * <p>Returns {"OK", globalVersion}, {"CONFLICT", storedItemVersion}, {"MISSING_SEGMENT", key},
 * {"IN_USE", "flag1 flag2"} or {"STALE", storedGlobalVersion} (another write came first: the
 * caller writes the event again for the next version).
 */
final class ChangeScript {
    static final String TEXT = """
      local kind, key = ARGV[1], ARGV[2]
      local field = kind .. ':' .. key
      local current = tonumber(redis.call('HGET', KEYS[2], field) or '0')
      if current ~= tonumber(ARGV[3]) then return {'CONFLICT', current} end
      for seg in string.gmatch(ARGV[11], '%S+') do
        if redis.call('HEXISTS', ARGV[9], seg) == 0 then return {'MISSING_SEGMENT', seg} end
      end
      if kind == 'segment' and ARGV[4] == '' then
        local users = redis.call('SMEMBERS', ARGV[10] .. key)
        if #users > 0 then table.sort(users) return {'IN_USE', table.concat(users, ' ')} end
      end
      local global = tonumber(redis.call('GET', KEYS[3]) or '0')
      if global ~= tonumber(ARGV[13]) then return {'STALE', global} end
      for seg in string.gmatch(ARGV[12], '%S+') do redis.call('SREM', ARGV[10] .. seg, key) end
      for seg in string.gmatch(ARGV[11], '%S+') do redis.call('SADD', ARGV[10] .. seg, key) end
      local v = redis.call('INCR', KEYS[3])
      local event = kind
      if ARGV[4] == '' then
        redis.call('HDEL', KEYS[1], key)
        redis.call('HDEL', KEYS[2], field)
        event = kind .. '-deleted'
      else
        redis.call('HSET', KEYS[1], key, ARGV[4])
        redis.call('HSET', KEYS[2], field, current + 1)
      end
      redis.call('XADD', KEYS[4], 'MAXLEN', ARGV[7], v .. '-1', 'event', event, 'data', ARGV[14])
      redis.call('LPUSH', KEYS[5], ARGV[5])
      redis.call('LTRIM', KEYS[5], 0, tonumber(ARGV[8]) - 1)
      redis.call('PUBLISH', ARGV[6], v .. ' ' .. event .. ' ' .. ARGV[14])
      return {'OK', v}
      """;

    /**
     * Reads the global version, all flags, all segments and the store id (false when there is none
     * yet) in one atomic step (works on a replica).
     */
    static final String SNAPSHOT = """
      return {redis.call('GET', KEYS[1]) or '0', redis.call('HVALS', KEYS[2]), redis.call('HVALS', KEYS[3]),
              redis.call('GET', KEYS[4])}
      """;

    private ChangeScript() {}
}
