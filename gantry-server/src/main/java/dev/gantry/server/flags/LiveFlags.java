package dev.gantry.server.flags;

import dev.gantry.flags.Flag;
import dev.gantry.flags.FlagJson;
import dev.gantry.flags.FlagSet;
import dev.gantry.flags.internal.StreamMessages;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The control plane's in-memory copy of all flags and segments at one global version of one store
 * (see {@link StoreId}), plus the most recent changes, kept current by applying the change stream
 * in order. Only the broker's dispatcher thread mutates it; {@link #current()} may be read from any
 * thread.
 */
final class LiveFlags {
    private final int recentCapacity;
    private final Deque<Change> recent = new ArrayDeque<>();
    private volatile FlagSet current = FlagSet.empty();
    private String storeId;
    private Change last;

    LiveFlags(int recentCapacity) {
        this.recentCapacity = recentCapacity;
    }

    FlagSet current() {
        return current;
    }

    long version() {
        return current.version();
    }

    /** The id of the store this copy follows; null until a snapshot that had one. */
    String storeId() {
        return storeId;
    }

    /** The change applied last, or null when nothing was applied since the last snapshot. */
    Change last() {
        return last;
    }

    void reset(FlagStore.Snapshot snapshot) {
        current = FlagSet.of(snapshot.version(), snapshot.flags(), snapshot.segments());
        storeId = snapshot.storeId();
        recent.clear();
        last = null;
    }

    /** Applies the next change; the caller guarantees {@code change.version() == version() + 1}. */
    void apply(Change change) {
        FlagSet set = current;
        set = switch (change.event()) {
            case "flag" ->
                set.withFlag(FlagJson.read(change.data(), StreamMessages.FlagChanged.class)
                        .flag());
            case "flag-deleted" ->
                set.withoutFlag(FlagJson.read(change.data(), StreamMessages.Deleted.class)
                        .key());
            case "segment" ->
                set.withSegment(FlagJson.read(change.data(), StreamMessages.SegmentChanged.class)
                        .segment());
            case "segment-deleted" ->
                set.withoutSegment(FlagJson.read(change.data(), StreamMessages.Deleted.class)
                        .key());
            default -> set;
        };
        current = set.withVersion(change.version());
        last = change;
        recent.addLast(change);
        if (recent.size() > recentCapacity) recent.removeFirst();
    }

    /** True when this copy applied exactly {@code change}; false when it applied another change at that version, or cannot tell. */
    boolean applied(Change change) {
        if (change.equals(last)) return true;
        for (Change c : recent) if (c.version() == change.version()) return c.equals(change);
        return false;
    }

    /** The kept changes above {@code after}, or null when they do not reach back that far. */
    List<Change> recentAfter(long after) {
        if (after == version()) return List.of();
        if (recent.isEmpty() || recent.peekFirst().version() > after + 1) return null;
        List<Change> out = new ArrayList<>();
        for (Change c : recent) if (c.version() > after) out.add(c);
        return out;
    }

    /** Parsed flag, for callers that want one. */
    Flag flag(String key) {
        return current.flag(key);
    }
}
