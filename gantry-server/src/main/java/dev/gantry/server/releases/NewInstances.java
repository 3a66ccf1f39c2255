package dev.gantry.server.releases;

import dev.gantry.api.AppSpec;
import dev.gantry.api.InstanceSpec;
import dev.gantry.api.Release;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The specs of instances a rollout places: one of a release (the platform's environment under the app's own, which
 * wins on a clash), or a fresh copy of an old one it puts back; each with a new id {@code app-rN-xxxx}.
 */
final class NewInstances {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private NewInstances() {}

    static InstanceSpec of(Release release, Map<String, String> platformEnv) {
        AppSpec spec = release.spec();
        Map<String, String> env = new LinkedHashMap<>(platformEnv);
        env.putAll(spec.env());
        return new InstanceSpec(
                newId(release.app(), release.number()),
                release.app(),
                release.number(),
                spec.run(),
                spec.health(),
                env,
                (int) Math.max(1, spec.grace().toSeconds()),
                spec.resources(),
                spec.user(),
                release.digest());
    }

    static InstanceSpec copyOf(InstanceSpec s) {
        return new InstanceSpec(
                newId(s.app(), s.release()),
                s.app(),
                s.release(),
                s.command(),
                s.healthPath(),
                s.env(),
                s.graceSeconds(),
                s.resources(),
                s.user(),
                s.digest());
    }

    private static String newId(String app, int release) {
        StringBuilder b = new StringBuilder(app + "-r" + release + "-");
        for (int i = 0; i < 4; i++) b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        return b.toString();
    }
}
