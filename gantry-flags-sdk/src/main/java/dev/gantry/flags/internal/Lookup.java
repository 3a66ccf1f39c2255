package dev.gantry.flags.internal;

/** Finds the compiled flags and segments of one snapshot. */
public interface Lookup {
    CompiledFlag flag(String key);

    CompiledSegment segment(String key);
}
