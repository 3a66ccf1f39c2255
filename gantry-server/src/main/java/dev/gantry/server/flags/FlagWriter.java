package dev.gantry.server.flags;

import dev.gantry.api.flags.AuditEntry;
import dev.gantry.flags.Condition;
import dev.gantry.flags.Flag;
import dev.gantry.flags.FlagValidator;
import dev.gantry.flags.Rule;
import dev.gantry.flags.Segment;
import dev.gantry.server.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Every change to flags and segments: validate, then compare-and-set against the stored version
 * (retrying read-modify-write helpers when someone else wrote in between), with an audit entry.
 * Nothing is stored when a check fails.
 */
final class FlagWriter {
    private static final int ATTEMPTS = 50;
    private final FlagStore store;
    private final Clock clock;

    FlagWriter(FlagStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Creates or replaces a flag. */
    Flag put(Flag flag, Edit edit) {
        return editFlag(flag.key(), current -> flag, current -> current == null ? "create" : "update", edit);
    }

    /** Applies {@code change} to the stored flag (404 when there is none). */
    Flag change(String key, String action, UnaryOperator<Flag> change, Edit edit) {
        return editFlag(
                key,
                current -> {
                    if (current == null) throw ApiException.notFound("flag " + key);
                    return change.apply(current);
                },
                current -> action,
                edit);
    }

    void delete(String key, Edit edit) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Flag current = store.flag(key);
            if (current == null) throw ApiException.notFound("flag " + key);
            checkExpected("flag", key, current.version(), edit, current.updatedBy(), current.updatedAt());
            AuditEntry audit = audit(current.version(), "delete", edit, current, null);
            WriteOutcome o = store.write("flag", key, current.version(), null, audit, List.of(), segmentsUsed(current));
            if (o.status() == WriteOutcome.Status.OK) return;
            if (edit.expectedVersion() != null) throw conflict("flag", key);
        }
        throw contention("flag", key);
    }

    Segment putSegment(Segment segment, Edit edit) {
        List<String> problems = FlagValidator.validateSegment(segment);
        if (!problems.isEmpty()) throw invalid("segment " + segment.key(), problems);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Segment current = store.segment(segment.key());
            long stored = current == null ? 0 : current.version();
            checkExpected("segment", segment.key(), stored, edit, null, 0);
            Segment next = segment.withVersion(stored + 1);
            AuditEntry audit = audit(next.version(), current == null ? "create" : "update", edit, current, next);
            WriteOutcome o = store.write("segment", segment.key(), stored, next, audit, List.of(), List.of());
            if (o.status() == WriteOutcome.Status.OK) return next;
            if (edit.expectedVersion() != null) throw conflict("segment", segment.key());
        }
        throw contention("segment", segment.key());
    }

    void deleteSegment(String key, Edit edit) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Segment current = store.segment(key);
            if (current == null) throw ApiException.notFound("segment " + key);
            checkExpected("segment", key, current.version(), edit, null, 0);
            AuditEntry audit = audit(current.version(), "delete", edit, current, null);
            WriteOutcome o = store.write("segment", key, current.version(), null, audit, List.of(), List.of());
            switch (o.status()) {
                case OK -> {
                    return;
                }
                case IN_USE ->
                    throw new ApiException(
                            409,
                            "segment " + key + " is still used by flag(s) " + o.detail()
                                    + "; remove it from their rules first",
                            List.of("key: segment " + key + " is used by " + o.detail()));
                default -> {
                    if (edit.expectedVersion() != null) throw conflict("segment", key);
                }
            }
        }
        throw contention("segment", key);
    }

    private Flag editFlag(
            String key, UnaryOperator<Flag> change, java.util.function.Function<Flag, String> action, Edit edit) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Flag current = store.flag(key);
            long stored = current == null ? 0 : current.version();
            checkExpected(
                    "flag",
                    key,
                    stored,
                    edit,
                    current == null ? null : current.updatedBy(),
                    current == null ? 0 : current.updatedAt());
            Flag wanted = change.apply(current);
            List<String> problems = FlagValidator.validate(wanted, store.segmentKeys());
            if (!problems.isEmpty()) throw invalid("flag " + key, problems);
            Flag next = wanted.withVersion(stored + 1, clock.millis(), edit.actor());
            AuditEntry audit = audit(next.version(), action.apply(current), edit, current, next);
            WriteOutcome o = store.write(
                    "flag",
                    key,
                    stored,
                    next,
                    audit,
                    segmentsUsed(next),
                    current == null ? List.of() : segmentsUsed(current));
            switch (o.status()) {
                case OK -> {
                    return next;
                }
                case MISSING_SEGMENT ->
                    throw invalid(
                            "flag " + key,
                            List.of("environments: segment \"" + o.detail()
                                    + "\" does not exist (it was deleted meanwhile?)"));
                default -> {
                    if (edit.expectedVersion() != null) throw conflict("flag", key);
                }
            }
        }
        throw contention("flag", key);
    }

    private void checkExpected(String kind, String key, long stored, Edit edit, String by, long at) {
        Long expected = edit.expectedVersion();
        if (expected == null || expected == stored) return;
        if (stored == 0) {
            throw new ApiException(
                    409,
                    kind + " " + key + " does not exist (deleted?), so version " + expected
                            + " cannot match; reload and retry",
                    List.of("version: expected " + expected + ", stored: none"));
        }
        String who = by == null ? "" : " by " + by + " at " + Instant.ofEpochMilli(at);
        throw new ApiException(
                409,
                kind + " " + key + " was changed" + who + " (version " + stored + "); reload and retry",
                List.of("version: expected " + expected + ", stored " + stored));
    }

    private ApiException conflict(String kind, String key) {
        if (kind.equals("flag")) {
            Flag now = store.flag(key);
            if (now != null) {
                return new ApiException(
                        409,
                        "flag " + key + " was changed by " + now.updatedBy() + " at "
                                + Instant.ofEpochMilli(now.updatedAt()) + " (version " + now.version()
                                + "); reload and retry",
                        List.of("version: stored " + now.version()));
            }
        }
        return new ApiException(409, kind + " " + key + " was changed meanwhile; reload and retry");
    }

    private static ApiException contention(String kind, String key) {
        return new ApiException(409, kind + " " + key + " is being changed by many writers at once; retry");
    }

    private static ApiException invalid(String what, List<String> problems) {
        return new ApiException(
                400,
                "invalid " + what + ": " + problems.get(0)
                        + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""),
                problems);
    }

    private AuditEntry audit(long version, String action, Edit edit, Object before, Object after) {
        return new AuditEntry(version, action, edit.actor(), clock.instant().toString(), edit.reason(), before, after);
    }

    /** Segment keys named by inSegment/notInSegment conditions in any environment. */
    static Set<String> segmentsUsed(Flag flag) {
        Set<String> keys = new TreeSet<>();
        for (var env : flag.environments().values()) {
            if (env == null) continue;
            for (Rule r : env.rules()) {
                if (r == null) continue;
                for (Condition c : r.conditions()) {
                    if (c == null || !("inSegment".equals(c.op()) || "notInSegment".equals(c.op()))) continue;
                    for (Object v : c.values()) if (v instanceof String s) keys.add(s);
                }
            }
        }
        return keys;
    }
}
