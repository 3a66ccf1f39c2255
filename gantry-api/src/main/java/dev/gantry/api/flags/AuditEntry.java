package dev.gantry.api.flags;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of a flag's (or segment's) audit history: who changed it, when, why, and the value
 * before and after.
 *
 * @param version the item's version after the change (the deleted version for a delete)
 * @param action  create, update, toggle, rollout or delete
 * @param at      ISO-8601 instant
 * @param before  the stored value before (null for a create)
 * @param after   the stored value after (null for a delete)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditEntry(
        long version, String action, String actor, String at, String reason, Object before, Object after) {
    public AuditEntry {
        if (action == null || action.isBlank()) throw new IllegalArgumentException("action: must not be blank");
        if (actor == null || actor.isBlank()) throw new IllegalArgumentException("actor: must not be blank");
        if (reason == null || reason.isBlank()) throw new IllegalArgumentException("reason: is required");
    }
}
