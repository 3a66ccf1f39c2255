package dev.gantry.server.flags;

/**
 * Who asks for a write and why, and which stored version they based it on.
 *
 * @param expectedVersion the item version the caller read; null writes whatever is stored (last writer wins)
 */
record Edit(String actor, String reason, Long expectedVersion) {
    Edit {
        if (actor == null || actor.isBlank()) throw new IllegalArgumentException("actor: must not be blank");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException(
                    "reason: is required on every change (say why, e.g. \"reason\": \"enable for beta users\")");
        }
        if (expectedVersion != null && expectedVersion < 0) {
            throw new IllegalArgumentException("version: must be >= 0, was " + expectedVersion);
        }
        reason = reason.strip();
    }
}
