package dev.gantry.fleet;

import java.util.Locale;
import java.util.Optional;

/** What a host of an environment does; each role is one Ansible role under {@code deploy/ansible/roles}. */
public enum Role {
    /** Runs the control plane. */
    CONTROL,
    /** Runs a host agent joined to the control plane. */
    AGENT,
    /** Runs Redis (primary or replica) and possibly Sentinel. */
    REDIS,
    /** Runs a router. */
    ROUTER;

    /** The role written in an environment file ({@code agent}), or empty when there is none of that name. */
    static Optional<Role> parse(String text) {
        for (Role r : values()) {
            if (r.word().equals(text)) return Optional.of(r);
        }
        return Optional.empty();
    }

    /** The word used in environment files and as the Ansible group name. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
