package dev.gantry.server.flags;

import dev.gantry.api.flags.AuditEntry;
import dev.gantry.flags.Flag;
import dev.gantry.flags.FlagJson;
import dev.gantry.flags.Segment;
import dev.gantry.flags.internal.StreamMessages;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Flags and segments in Redis. Writes go to the primary through {@link ChangeScript} (compare
 * the item version, bump the global version, log, audit, publish: one atomic step). Reads that
 * may lag a little (listing, snapshots) go to {@code reads}, which may be a replica; reads that
 * a write depends on go to the primary. The store's id ({@link StoreId}) says which history the
 * global version counts in.
 */
final class FlagStore {
    private final java.util.concurrent.atomic.AtomicLong flagWrites = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong segmentWrites = new java.util.concurrent.atomic.AtomicLong();
    static final String CHANNEL = "gantry:flags:changes";
    static final String VERSION = "gantry:flags:version";
    static final String FLAGS = "gantry:flags:flags";
    static final String SEGMENTS = "gantry:flags:segments";
    static final String ITEM_VERSIONS = "gantry:flags:item-versions";
    static final String LOG = "gantry:flags:log";
    static final String HISTORY = "gantry:flags:history:";
    static final String SEGMENT_REFS = "gantry:flags:segment-refs:";

    /** How often one write is tried again because other writes moved the global version first. */
    private static final int GLOBAL_ATTEMPTS = 1_000;

    private final RedisCommands<String, String> primary;
    private final RedisCommands<String, String> reads;
    private final int logLength;
    private final int historyLength;

    FlagStore(
            RedisCommands<String, String> primary,
            RedisCommands<String, String> reads,
            int logLength,
            int historyLength) {
        if (logLength < 1) throw new IllegalArgumentException("logLength: must be >= 1, was " + logLength);
        if (historyLength < 1) throw new IllegalArgumentException("historyLength: must be >= 1, was " + historyLength);
        this.primary = primary;
        this.reads = reads;
        this.logLength = logLength;
        this.historyLength = historyLength;
    }

    /** The flag as the primary holds it now, or null. */
    Flag flag(String key) {
        return parseFlag(primary.hget(FLAGS, key));
    }

    /** The flag as the read side (maybe a replica) holds it, or null. */
    Flag readFlag(String key) {
        return parseFlag(reads.hget(FLAGS, key));
    }

    Segment segment(String key) {
        String json = primary.hget(SEGMENTS, key);
        return json == null ? null : FlagJson.readSegment(json);
    }

    Segment readSegment(String key) {
        String json = reads.hget(SEGMENTS, key);
        return json == null ? null : FlagJson.readSegment(json);
    }

    List<Flag> readFlags() {
        return sorted(reads.hvals(FLAGS).stream().map(FlagJson::readFlag).toList(), Comparator.comparing(Flag::key));
    }

    List<Segment> readSegments() {
        return sorted(
                reads.hvals(SEGMENTS).stream().map(FlagJson::readSegment).toList(), Comparator.comparing(Segment::key));
    }

    Set<String> segmentKeys() {
        return Set.copyOf(primary.hkeys(SEGMENTS));
    }

    /** Flags whose rules name this segment (kept by the change script). */
    Set<String> segmentUsers(String segmentKey) {
        return primary.smembers(SEGMENT_REFS + segmentKey);
    }

    long version() {
        String v = primary.get(VERSION);
        return v == null ? 0 : Long.parseLong(v);
    }

    /** Global version, flags and segments read atomically from the read side. */
    Snapshot snapshot() {
        return snapshotFrom(reads);
    }

    /** The same, from the primary (after a gap the replica may not have filled yet). */
    Snapshot primarySnapshot() {
        return snapshotFrom(primary);
    }

    @SuppressWarnings("unchecked")
    private static Snapshot snapshotFrom(RedisCommands<String, String> redis) {
        List<Object> r =
                redis.eval(ChangeScript.SNAPSHOT, ScriptOutputType.MULTI, VERSION, FLAGS, SEGMENTS, StoreId.KEY);
        long version = Long.parseLong(String.valueOf(r.get(0)));
        List<Flag> flags = ((List<Object>) r.get(1))
                .stream().map(o -> FlagJson.readFlag(String.valueOf(o))).toList();
        List<Segment> segments = ((List<Object>) r.get(2))
                .stream().map(o -> FlagJson.readSegment(String.valueOf(o))).toList();
        return new Snapshot(r.get(3) == null ? null : String.valueOf(r.get(3)), version, flags, segments);
    }

    /**
     * The store's id (created now when there is none: a new or wiped store), its global version and
     * the logged change at {@code loggedVersion} (null when the log has none), from the primary at once.
     */
    Head head(long loggedVersion) {
        List<Object> r = primary.eval(
                StoreId.HEAD,
                ScriptOutputType.MULTI,
                new String[] {StoreId.KEY, VERSION, LOG},
                StoreId.random(),
                Long.toString(loggedVersion));
        Change logged = r.get(2) == null || loggedVersion <= 0
                ? null
                : new Change(loggedVersion, String.valueOf(r.get(2)), String.valueOf(r.get(3)));
        return new Head(String.valueOf(r.get(0)), Long.parseLong(String.valueOf(r.get(1))), logged);
    }

    /** Gives a store that lost changes ({@code lost} is its id) a new id; returns the id now in force. */
    String replaceId(String lost) {
        return primary.eval(
                StoreId.REPLACE, ScriptOutputType.VALUE, new String[] {StoreId.KEY}, lost, StoreId.random());
    }

    /**
     * The changes with a version above {@code after}, oldest first, from the primary's log; null when
     * the log no longer reaches back that far (the caller then needs a snapshot).
     */
    List<Change> changesAfter(long after) {
        List<StreamMessage<String, String>> first =
                primary.xrange(LOG, Range.create("-", "+"), io.lettuce.core.Limit.from(1));
        long current = version();
        if (after >= current) return after == current ? List.of() : null;
        if (first.isEmpty() || versionOf(first.get(0)) > after + 1) return null;
        List<StreamMessage<String, String>> entries = primary.xrange(LOG, Range.create((after + 1) + "-0", "+"));
        List<Change> changes = new ArrayList<>(entries.size());
        for (var m : entries)
            changes.add(new Change(
                    versionOf(m), m.getBody().get("event"), m.getBody().get("data")));
        return changes;
    }

    /**
     * Runs the change script. {@code item} (a {@link Flag} or {@link Segment}) null deletes; {@code
     * refs} are segment keys used after/before. The stream event is written here, for the global
     * version after the one read; when another write moved it first, it is written again for the
     * next one.
     */
    /** Flag (or segment) writes this control plane made: {@code /metrics}. */
    long writes(String kind) {
        return (kind.equals("flag") ? flagWrites : segmentWrites).get();
    }

    WriteOutcome write(
            String kind,
            String key,
            long expected,
            Object item,
            AuditEntry audit,
            Collection<String> newRefs,
            Collection<String> oldRefs) {
        String[] keys = {kind.equals("flag") ? FLAGS : SEGMENTS, ITEM_VERSIONS, VERSION, LOG, HISTORY + kind + ":" + key
        };
        String json = item == null ? "" : FlagJson.write(item);
        String auditJson = FlagJson.write(audit);
        for (int attempt = 0; attempt < GLOBAL_ATTEMPTS; attempt++) {
            long global = version();
            List<Object> reply = primary.eval(
                    ChangeScript.TEXT,
                    ScriptOutputType.MULTI,
                    keys,
                    kind,
                    key,
                    Long.toString(expected),
                    json,
                    auditJson,
                    CHANNEL,
                    Integer.toString(logLength),
                    Integer.toString(historyLength),
                    SEGMENTS,
                    SEGMENT_REFS,
                    String.join(" ", newRefs),
                    String.join(" ", oldRefs),
                    Long.toString(global),
                    event(global + 1, key, item));
            WriteOutcome outcome = WriteOutcome.of(reply);
            if (outcome.status() == WriteOutcome.Status.OK)
                (kind.equals("flag") ? flagWrites : segmentWrites).incrementAndGet();
            if (outcome.status() != WriteOutcome.Status.STALE) return outcome;
        }
        throw new IllegalStateException(kind + " " + key + ": the flag store's version kept moving under "
                + GLOBAL_ATTEMPTS + " attempts to write; retry");
    }

    /** The stream event of a write: the SDK's records are the one definition of the stream. */
    private static String event(long version, String key, Object item) {
        return FlagJson.write(
                item == null
                        ? new StreamMessages.Deleted(version, key)
                        : item instanceof Flag flag
                                ? new StreamMessages.FlagChanged(version, flag)
                                : new StreamMessages.SegmentChanged(version, (Segment) item));
    }

    /** Newest first. */
    List<AuditEntry> history(String kind, String key, int limit) {
        return primary.lrange(HISTORY + kind + ":" + key, 0, limit - 1).stream()
                .map(s -> FlagJson.read(s, AuditEntry.class))
                .toList();
    }

    private static Flag parseFlag(String json) {
        return json == null ? null : FlagJson.readFlag(json);
    }

    private static long versionOf(StreamMessage<String, String> m) {
        return Long.parseLong(m.getId().substring(0, m.getId().indexOf('-')));
    }

    private static <T> List<T> sorted(List<T> items, Comparator<T> order) {
        List<T> copy = new ArrayList<>(items);
        copy.sort(order);
        return copy;
    }

    /** Everything at one global version of one store ({@code storeId} null when read before the store had an id). */
    record Snapshot(String storeId, long version, List<Flag> flags, List<Segment> segments) {}

    /** Where the store is: its id, its global version, and one logged change (see {@link #head}). */
    record Head(String storeId, long version, Change logged) {}
}
