package dev.gantry.flags;

import java.util.List;

/**
 * One test on a context attribute. A missing or null attribute makes every condition false,
 * the negated operators included.
 *
 * @param attribute context attribute name; {@code targetingKey} is the context's targeting key
 * @param op one of equals, notEquals, in, notIn, contains, startsWith, endsWith, matches, lt, lte,
 *     gt, gte, semverEq, semverLt, semverGt, inSegment, notInSegment
 * @param values operands (strings, numbers or booleans; segment keys for the segment operators)
 */
public record Condition(String attribute, String op, List<Object> values) {
    public Condition {
        values = values == null ? List.of() : Copies.immutableList(values);
    }

    public static Condition of(String attribute, String op, Object... values) {
        return new Condition(attribute, op, List.of(values));
    }
}
