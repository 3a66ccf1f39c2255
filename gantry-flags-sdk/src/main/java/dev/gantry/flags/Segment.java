package dev.gantry.flags;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A reusable group of contexts. A context's targeting key in {@code excluded} never matches; one
 * in {@code included} always does; otherwise all {@code conditions} must hold (empty conditions
 * match nobody).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Segment(
        String key,
        String description,
        List<String> included,
        List<String> excluded,
        List<Condition> conditions,
        long version) {
    public Segment {
        if (key == null || key.isBlank()) throw new IllegalArgumentException("key: must not be blank");
        included = included == null ? List.of() : List.copyOf(included);
        excluded = excluded == null ? List.of() : List.copyOf(excluded);
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    public Segment withVersion(long newVersion) {
        return new Segment(key, description, included, excluded, conditions, newVersion);
    }
}
