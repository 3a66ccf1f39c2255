package dev.gantry.flags.internal;

import dev.gantry.flags.EvaluationContext;
import dev.gantry.flags.Segment;
import java.util.HashSet;
import java.util.Set;

/** A {@link Segment} ready to test: excluded wins, then included, then all conditions (none = no match). */
public final class CompiledSegment {
    private final Set<String> included;
    private final Set<String> excluded;
    private final CompiledCondition[] conditions;

    public CompiledSegment(Segment segment) {
        this.included = new HashSet<>(segment.included());
        this.excluded = new HashSet<>(segment.excluded());
        this.conditions =
                segment.conditions().stream().map(CompiledCondition::new).toArray(CompiledCondition[]::new);
        for (var c : segment.conditions()) {
            Operator op = Operator.byName(c.op());
            if (op.kind() == Operator.Kind.SEGMENT) {
                throw new IllegalArgumentException(
                        "segment " + segment.key() + ": segment operators are not allowed in a segment");
            }
        }
    }

    /** Whether the context, identified in this test by {@code key}, belongs to the segment. */
    public boolean contains(String key, EvaluationContext ctx, Lookup lookup) {
        if (!excluded.isEmpty() && excluded.contains(key)) return false;
        if (!included.isEmpty() && included.contains(key)) return true;
        if (conditions.length == 0) return false;
        for (CompiledCondition c : conditions) if (!c.matches(ctx, lookup)) return false;
        return true;
    }
}
