package dev.gantry.server.tokens;

import java.util.regex.Pattern;

/**
 * A named credential as stored: its role and the SHA-256 digest of its secret, never the secret.
 * The audit trail names the caller by {@link #name()}.
 *
 * @param digest    SHA-256 of the secret, hex
 * @param createdAt epoch millis
 * @param expiresAt epoch millis; 0: never
 */
public record Credential(String name, Role role, String digest, long createdAt, String createdBy, long expiresAt) {
    /** The bootstrap admin credential, the file {@code token} in the data directory. */
    public static final String BOOTSTRAP = "admin";

    static final String AGENT_PREFIX = "agent:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}");

    public Credential {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "name: must be 1-100 letters, digits and . _ : @ -, starting with a letter or digit, was " + name);
        }
        if (role == null) throw new IllegalArgumentException("role: is required");
        if (role == Role.AGENT && (!name.startsWith(AGENT_PREFIX) || name.length() == AGENT_PREFIX.length())) {
            throw new IllegalArgumentException("name: an agent credential is named agent:<host>, was " + name);
        }
    }

    public boolean expired(long nowMillis) {
        return expiresAt > 0 && nowMillis >= expiresAt;
    }

    /** The host an agent credential speaks for; null for every other role. */
    public String host() {
        return role == Role.AGENT ? name.substring(AGENT_PREFIX.length()) : null;
    }

    public static String agentName(String host) {
        return AGENT_PREFIX + host;
    }
}
