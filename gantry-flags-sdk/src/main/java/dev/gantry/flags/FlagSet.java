package dev.gantry.flags;

import dev.gantry.flags.internal.CompiledFlag;
import dev.gantry.flags.internal.CompiledSegment;
import dev.gantry.flags.internal.Lookup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An immutable snapshot of all flags and segments at one global version. The {@code with*} and
 * {@code without*} methods return new snapshots that share the compiled form of every flag they
 * did not touch, so an update costs one compilation.
 */
public final class FlagSet {
    private static final Logger log = LoggerFactory.getLogger(FlagSet.class);
    private static final FlagSet EMPTY = new FlagSet(0, Map.of(), Map.of());

    private final long version;
    private final Map<String, Flag> flags;
    private final Map<String, Segment> segments;
    private final Index index;

    public FlagSet(long version, Map<String, Flag> flags, Map<String, Segment> segments) {
        this(version, copy(flags, Flag::key, "flags"), copy(segments, Segment::key, "segments"), null);
    }

    private FlagSet(long version, Map<String, Flag> flags, Map<String, Segment> segments, Index index) {
        this.version = version;
        this.flags = Collections.unmodifiableMap(flags);
        this.segments = Collections.unmodifiableMap(segments);
        this.index = index != null ? index : Index.compile(flags, segments);
    }

    public static FlagSet empty() {
        return EMPTY;
    }

    public static FlagSet of(long version, Collection<Flag> flags, Collection<Segment> segments) {
        var fm = new LinkedHashMap<String, Flag>();
        for (Flag f : flags) fm.put(f.key(), f);
        var sm = new LinkedHashMap<String, Segment>();
        for (Segment s : segments) sm.put(s.key(), s);
        return new FlagSet(version, fm, sm, null);
    }

    public long version() {
        return version;
    }

    public Map<String, Flag> flags() {
        return flags;
    }

    public Map<String, Segment> segments() {
        return segments;
    }

    /** The flag with this key, or null. */
    public Flag flag(String key) {
        return flags.get(key);
    }

    public FlagSet withVersion(long newVersion) {
        return new FlagSet(newVersion, new LinkedHashMap<>(flags), new LinkedHashMap<>(segments), index);
    }

    /** This snapshot with {@code flag} added or replaced (same version; see {@link #withVersion}). */
    public FlagSet withFlag(Flag flag) {
        var fm = new LinkedHashMap<>(flags);
        fm.put(flag.key(), flag);
        return new FlagSet(version, fm, new LinkedHashMap<>(segments), index.withFlag(flag));
    }

    public FlagSet withoutFlag(String key) {
        if (!flags.containsKey(key)) return this;
        var fm = new LinkedHashMap<>(flags);
        fm.remove(key);
        return new FlagSet(version, fm, new LinkedHashMap<>(segments), index.withoutFlag(key));
    }

    public FlagSet withSegment(Segment segment) {
        var sm = new LinkedHashMap<>(segments);
        sm.put(segment.key(), segment);
        return new FlagSet(version, new LinkedHashMap<>(flags), sm, index.withSegment(segment));
    }

    public FlagSet withoutSegment(String key) {
        if (!segments.containsKey(key)) return this;
        var sm = new LinkedHashMap<>(segments);
        sm.remove(key);
        return new FlagSet(version, new LinkedHashMap<>(flags), sm, index.withoutSegment(key));
    }

    Lookup lookup() {
        return index;
    }

    CompiledFlag compiledFlag(String key) {
        return index.flags.get(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlagSet other
                && version == other.version
                && flags.equals(other.flags)
                && segments.equals(other.segments);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, flags, segments);
    }

    @Override
    public String toString() {
        return "FlagSet[version=" + version + ", flags=" + flags.keySet() + ", segments=" + segments.keySet() + "]";
    }

    private static <V> Map<String, V> copy(
            Map<String, V> map, java.util.function.Function<V, String> key, String field) {
        var copy = new LinkedHashMap<String, V>();
        if (map == null) return copy;
        map.forEach((k, v) -> {
            if (v == null || !k.equals(key.apply(v))) {
                throw new IllegalArgumentException(field + "." + k + ": entry must hold the item with that key");
            }
            copy.put(k, v);
        });
        return copy;
    }

    /** Compiled flags and segments; shared between snapshots and never modified after creation. */
    private record Index(Map<String, CompiledFlag> flags, Map<String, CompiledSegment> segments) implements Lookup {
        static Index compile(Map<String, Flag> flags, Map<String, Segment> segments) {
            var cf = new HashMap<String, CompiledFlag>();
            flags.forEach((k, f) -> cf.put(k, compileFlag(f)));
            var cs = new HashMap<String, CompiledSegment>();
            segments.forEach((k, s) -> cs.put(k, compileSegment(s)));
            return new Index(cf, cs);
        }

        /**
         * A {@code matches} pattern RE2 cannot compile (stored by an older server) matches nothing;
         * logged once here, when the flag is compiled, not at every evaluation.
         */
        private static CompiledFlag compileFlag(Flag f) {
            List<String> patternProblems = new ArrayList<>();
            List<String> problems = FlagValidator.validateForEvaluation(f, patternProblems);
            for (String p : patternProblems) log.warn("flag pattern matches nothing flag={} problem={}", f.key(), p);
            return new CompiledFlag(f, problems);
        }

        /** A segment that cannot compile (bad regex from a bad server) matches nobody. */
        private static CompiledSegment compileSegment(Segment s) {
            try {
                List<String> problems = FlagValidator.validateSegment(s);
                if (problems.isEmpty()) return new CompiledSegment(s);
                log.warn("segment matches nobody segment={} problem={}", s.key(), problems.get(0));
                return null;
            } catch (RuntimeException e) {
                return null;
            }
        }

        Index withFlag(Flag f) {
            var cf = new HashMap<>(flags);
            cf.put(f.key(), compileFlag(f));
            return new Index(cf, segments);
        }

        Index withoutFlag(String key) {
            var cf = new HashMap<>(flags);
            cf.remove(key);
            return new Index(cf, segments);
        }

        Index withSegment(Segment s) {
            var cs = new HashMap<>(segments);
            cs.put(s.key(), compileSegment(s));
            return new Index(flags, cs);
        }

        Index withoutSegment(String key) {
            var cs = new HashMap<>(segments);
            cs.remove(key);
            return new Index(flags, cs);
        }

        @Override
        public CompiledFlag flag(String key) {
            return flags.get(key);
        }

        @Override
        public CompiledSegment segment(String key) {
            return segments.get(key);
        }
    }
}
