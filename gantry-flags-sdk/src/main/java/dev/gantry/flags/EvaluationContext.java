package dev.gantry.flags;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * Who a flag is evaluated for: a targeting key (user id, session id, ...) and attributes.
 * Immutable; build it once per request (or once per user) and reuse it for every evaluation.
 *
 * <p>The attributes sit in one flat open-addressing table (name, value, name, value, ...), so
 * looking one up during an evaluation touches this object and one array, and allocates nothing.
 */
public final class EvaluationContext {
    public static final String TARGETING_KEY = "targetingKey";
    private static final Object[] NO_SLOTS = new Object[2];
    private static final EvaluationContext EMPTY = new EvaluationContext(null, Map.of());

    private final String targetingKey;
    /** What {@code attribute("targetingKey")} answers: an attribute of that name, else the targeting key. */
    private final Object targetingValue;
    /** Name at even index, value at the next; a power-of-two number of pairs, at most half full. */
    private final Object[] slots;

    private final int size;

    /**
     * @param targetingKey may be null (anonymous); rollouts by targetingKey then fall through
     * @param attributes attribute name to value (string, number, boolean, list, map; null allowed)
     */
    public EvaluationContext(String targetingKey, Map<String, Object> attributes) {
        this.targetingKey = targetingKey;
        if (attributes == null || attributes.isEmpty()) {
            this.slots = NO_SLOTS;
            this.size = 0;
            this.targetingValue = targetingKey;
            return;
        }
        int pairs = Integer.highestOneBit(Math.max(1, attributes.size() * 2 - 1)) << 1;
        this.slots = new Object[pairs * 2];
        attributes.forEach((name, value) -> {
            if (name == null) throw new IllegalArgumentException("attribute name: must not be null");
            int i = slotOf(slots, name);
            slots[i] = name;
            slots[i + 1] = value;
        });
        this.size = attributes.size();
        Object override = slots[slotOf(slots, TARGETING_KEY) + 1];
        this.targetingValue = override != null ? override : targetingKey;
    }

    public static EvaluationContext empty() {
        return EMPTY;
    }

    public static EvaluationContext of(String targetingKey) {
        return new EvaluationContext(targetingKey, Map.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    public String targetingKey() {
        return targetingKey;
    }

    /** The attributes as an unmodifiable map (a view; {@link #attribute} is the fast way to read one). */
    public Map<String, Object> attributes() {
        return size == 0 ? Map.of() : new AttributeMap();
    }

    /**
     * The named attribute; {@code targetingKey} gives the targeting key unless an attribute overrides it.
     * Fastest with interned names (string literals are): they are found by identity.
     */
    public Object attribute(String name) {
        if (name == TARGETING_KEY) return targetingValue;
        Object[] t = slots;
        int i = slotOf(t, name);
        Object value = t[i + 1];
        if (value == null && TARGETING_KEY.equals(name)) return targetingKey;
        return value;
    }

    public Builder toBuilder() {
        var b = new Builder().targetingKey(targetingKey);
        b.attributes.putAll(attributes());
        return b;
    }

    /** The slot of {@code name}: where it is, or the empty slot where it would go. */
    private static int slotOf(Object[] t, String name) {
        int mask = t.length - 2;
        int h = name.hashCode();
        int i = ((h ^ (h >>> 16)) << 1) & mask;
        for (Object k = t[i]; k != null && k != name && !k.equals(name); k = t[i]) i = (i + 2) & mask;
        return i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EvaluationContext other
                && Objects.equals(targetingKey, other.targetingKey)
                && attributes().equals(other.attributes());
    }

    @Override
    public int hashCode() {
        return Objects.hash(targetingKey, attributes());
    }

    @Override
    public String toString() {
        return "EvaluationContext[targetingKey=" + targetingKey + ", attributes=" + attributes() + "]";
    }

    /** Collects a context; {@link #build()} copies, so a builder may be reused. */
    public static final class Builder {
        private String targetingKey;
        private final Map<String, Object> attributes = new HashMap<>();

        public Builder targetingKey(String key) {
            this.targetingKey = key;
            return this;
        }

        public Builder set(String name, Object value) {
            if (name == null) throw new IllegalArgumentException("attribute name: must not be null");
            attributes.put(name, value);
            return this;
        }

        public EvaluationContext build() {
            return new EvaluationContext(targetingKey, attributes);
        }
    }

    /** A read-only map over the slots. */
    private final class AttributeMap extends AbstractMap<String, Object> {
        @Override
        public int size() {
            return size;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String name && slots[slotOf(slots, name)] != null;
        }

        @Override
        public Object get(Object key) {
            return key instanceof String name ? slots[slotOf(slots, name) + 1] : null;
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return size;
                }

                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next = advance(0);

                        private int advance(int from) {
                            int i = from;
                            while (i < slots.length && slots[i] == null) i += 2;
                            return i;
                        }

                        @Override
                        public boolean hasNext() {
                            return next < slots.length;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (!hasNext()) throw new NoSuchElementException();
                            var e = new SimpleImmutableEntry<>((String) slots[next], slots[next + 1]);
                            next = advance(next + 2);
                            return e;
                        }
                    };
                }
            };
        }
    }
}
