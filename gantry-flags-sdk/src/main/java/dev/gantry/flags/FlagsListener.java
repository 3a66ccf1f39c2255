package dev.gantry.flags;

import java.util.Set;

/** Told after the client switched to a new snapshot; called on the client's stream thread, so return quickly. */
@FunctionalInterface
public interface FlagsListener {
    /** @param changedKeys keys of the flags whose definition (or a segment they use) changed */
    void flagsChanged(Set<String> changedKeys);
}
