package dev.gantry.server.flags;

/** What the change script answered: OK with the new global version, or why nothing was written. */
record WriteOutcome(Status status, long globalVersion, long storedVersion, String detail) {
    /** STALE: another write moved the global version first (FlagStore writes again; callers never see it). */
    enum Status {
        OK,
        CONFLICT,
        MISSING_SEGMENT,
        IN_USE,
        STALE
    }

    static WriteOutcome of(java.util.List<Object> reply) {
        Status status = Status.valueOf(String.valueOf(reply.get(0)));
        Object value = reply.get(1);
        return switch (status) {
            case OK, STALE -> new WriteOutcome(status, ((Number) value).longValue(), 0, null);
            case CONFLICT -> new WriteOutcome(status, 0, ((Number) value).longValue(), null);
            default -> new WriteOutcome(status, 0, 0, String.valueOf(value));
        };
    }
}
