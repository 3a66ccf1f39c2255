package dev.gantry.flags.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gantry.flags.Flag;
import dev.gantry.flags.Segment;
import java.util.List;

/** The JSON payloads of the flag stream's events (and of the snapshot file). */
public final class StreamMessages {
    private StreamMessages() {}

    /**
     * {@code event: snapshot}; also the format of the last-known-good file. {@code storeId} names the
     * store the flags come from (versions count up only within one store); null from servers and
     * files from before store ids.
     */
    public record Snapshot(
            long version,
            @JsonInclude(JsonInclude.Include.NON_NULL) String storeId,
            List<Flag> flags,
            List<Segment> segments) {
        public Snapshot {
            flags = flags == null ? List.of() : List.copyOf(flags);
            segments = segments == null ? List.of() : List.copyOf(segments);
        }
    }

    /** {@code event: flag}. */
    public record FlagChanged(long version, Flag flag) {}

    /** {@code event: segment}. */
    public record SegmentChanged(long version, Segment segment) {}

    /** {@code event: flag-deleted} and {@code event: segment-deleted}. */
    public record Deleted(long version, String key) {}
}
