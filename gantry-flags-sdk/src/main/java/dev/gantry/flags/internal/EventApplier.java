package dev.gantry.flags.internal;

import dev.gantry.flags.Condition;
import dev.gantry.flags.Flag;
import dev.gantry.flags.FlagJson;
import dev.gantry.flags.FlagSet;
import dev.gantry.flags.Rule;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Applies one stream event to a snapshot, reporting which flag keys changed. Versions only order
 * events of one store: a snapshot from another store (a wiped Redis, or one that lost its newest
 * changes, gets a new store id) replaces the flags whatever its version.
 */
public final class EventApplier {
    private EventApplier() {}

    /** The next snapshot, the store it comes from (null when unknown) and the flag keys whose evaluation may have changed. */
    public record Update(FlagSet next, String storeId, Set<String> changedKeys) {}

    /**
     * @param storeId the store {@code current} came from, or null when unknown
     * @return the update, or null when the event is older than {@code current} or of an unknown type
     * @throws IllegalArgumentException when the payload cannot be parsed
     */
    public static Update apply(FlagSet current, String storeId, SseEvent event) {
        return switch (event.event()) {
            case "snapshot" -> snapshot(current, storeId, FlagJson.read(event.data(), StreamMessages.Snapshot.class));
            case "flag" -> flag(current, storeId, FlagJson.read(event.data(), StreamMessages.FlagChanged.class));
            case "flag-deleted" ->
                flagDeleted(current, storeId, FlagJson.read(event.data(), StreamMessages.Deleted.class));
            case "segment" ->
                segment(current, storeId, FlagJson.read(event.data(), StreamMessages.SegmentChanged.class));
            case "segment-deleted" ->
                segmentDeleted(current, storeId, FlagJson.read(event.data(), StreamMessages.Deleted.class));
            default -> null;
        };
    }

    /**
     * A snapshot newer than {@code current}, or from another store than {@code storeId} (also when
     * that is unknown) whatever its version; null otherwise. A snapshot without a store id (an older
     * server) is ordered by version alone.
     */
    public static Update snapshot(FlagSet current, String storeId, StreamMessages.Snapshot s) {
        boolean sameStore = s.storeId() == null || s.storeId().equals(storeId);
        if (sameStore && s.version() <= current.version()) return null;
        FlagSet next = FlagSet.of(s.version(), s.flags(), s.segments());
        return new Update(next, s.storeId() == null ? storeId : s.storeId(), changedKeys(current, next));
    }

    /** Keys of the flags that differ between two snapshots, directly or through a segment they use. */
    public static Set<String> changedKeys(FlagSet before, FlagSet after) {
        Set<String> changed = new HashSet<>();
        Set<String> keys = new HashSet<>(before.flags().keySet());
        keys.addAll(after.flags().keySet());
        for (String k : keys) if (!Objects.equals(before.flag(k), after.flag(k))) changed.add(k);
        Set<String> segmentKeys = new HashSet<>(before.segments().keySet());
        segmentKeys.addAll(after.segments().keySet());
        for (String s : segmentKeys) {
            if (!Objects.equals(before.segments().get(s), after.segments().get(s))) changed.addAll(usersOf(after, s));
        }
        return changed;
    }

    private static Update flag(FlagSet current, String storeId, StreamMessages.FlagChanged e) {
        if (e.version() <= current.version()) return null;
        if (e.flag() == null) throw new IllegalArgumentException("flag: must not be null");
        return new Update(
                current.withFlag(e.flag()).withVersion(e.version()),
                storeId,
                Set.of(e.flag().key()));
    }

    private static Update flagDeleted(FlagSet current, String storeId, StreamMessages.Deleted e) {
        if (e.version() <= current.version()) return null;
        Set<String> changed = current.flag(e.key()) == null ? Set.of() : Set.of(e.key());
        return new Update(current.withoutFlag(e.key()).withVersion(e.version()), storeId, changed);
    }

    private static Update segment(FlagSet current, String storeId, StreamMessages.SegmentChanged e) {
        if (e.version() <= current.version()) return null;
        if (e.segment() == null) throw new IllegalArgumentException("segment: must not be null");
        FlagSet next = current.withSegment(e.segment()).withVersion(e.version());
        return new Update(next, storeId, usersOf(next, e.segment().key()));
    }

    private static Update segmentDeleted(FlagSet current, String storeId, StreamMessages.Deleted e) {
        if (e.version() <= current.version()) return null;
        return new Update(current.withoutSegment(e.key()).withVersion(e.version()), storeId, usersOf(current, e.key()));
    }

    /** Keys of the flags whose rules name this segment. */
    static Set<String> usersOf(FlagSet set, String segmentKey) {
        Set<String> keys = new HashSet<>();
        for (Flag f : set.flags().values()) {
            for (var env : f.environments().values()) {
                for (Rule r : env.rules()) {
                    for (Condition c : r.conditions()) {
                        if ("inSegment".equals(c.op()) || "notInSegment".equals(c.op())) {
                            if (c.values().contains(segmentKey)) keys.add(f.key());
                        }
                    }
                }
            }
        }
        return keys;
    }
}
