package dev.gantry.proxy;

/**
 * Which backends of a route a request may go to, by release: those of {@code release} ({@code same}), or
 * all others. {@link #ANY} takes every backend: a route without a canary split, or the fallback when the
 * chosen set has no backend left that can take the request.
 */
record ReleaseSet(int release, boolean same) {
    static final ReleaseSet ANY = new ReleaseSet(-1, false);

    static ReleaseSet only(int release) {
        return new ReleaseSet(release, true);
    }

    static ReleaseSet allBut(int release) {
        return new ReleaseSet(release, false);
    }

    boolean matches(int backendRelease) {
        return (backendRelease == release) == same;
    }
}
