package dev.gantry.fleet;

/**
 * What a provider knows of one host: its name, the address the control machine reaches it at, and whether it is
 * there. {@code detail} says why a host is not {@link State#UP} (empty otherwise).
 */
public record HostState(String name, String address, State state, String detail) {
    /** Whether a host exists and answers. */
    public enum State {
        /** Exists and its sshd answers. */
        UP,
        /** Exists but does not answer (sshd down, key refused, link cut). */
        UNREACHABLE,
        /** Does not exist. */
        ABSENT
    }
}
