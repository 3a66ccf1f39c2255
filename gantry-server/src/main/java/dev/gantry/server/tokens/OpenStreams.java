package dev.gantry.server.tokens;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The long-lived responses (event streams) open on this control plane, by the credential that
 * opened them (the digest of its secret: a credential revoked and created again under the same name
 * is another one), so that revoking a credential closes them at once. A credential revoked through
 * another control plane is noticed by {@link #closeRevoked}, which the server runs every few seconds.
 */
public final class OpenStreams {
    private final Map<String, Set<Runnable>> byCredential = new ConcurrentHashMap<>();

    /** Records a stream; {@code close} ends it. Returns what to call when the stream ends by itself. */
    public Runnable add(String credential, Runnable close) {
        byCredential
                .computeIfAbsent(credential, n -> ConcurrentHashMap.newKeySet())
                .add(close);
        return () -> byCredential.computeIfPresent(credential, (n, set) -> {
            set.remove(close);
            return set.isEmpty() ? null : set;
        });
    }

    /** Closes every stream opened with {@code credential}. */
    public void revoked(String credential) {
        Set<Runnable> set = byCredential.remove(credential);
        if (set != null) set.forEach(Runnable::run);
    }

    /** Closes the streams of every credential {@code live} no longer accepts. */
    public void closeRevoked(Predicate<String> live) {
        for (String name : List.copyOf(byCredential.keySet())) {
            if (!live.test(name)) revoked(name);
        }
    }

    public int count() {
        return byCredential.values().stream().mapToInt(Set::size).sum();
    }
}
