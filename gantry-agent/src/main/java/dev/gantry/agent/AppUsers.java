package dev.gantry.agent;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts instances run as. An agent running as root starts each instance as its app's {@code user}, or the
 * agent's default ({@code gantry-app}); a missing account is created once as a system user with no home and no
 * login shell. An agent not running as root has nothing to switch to: instances run as the agent's own account.
 */
final class AppUsers {
    private static final Logger log = LoggerFactory.getLogger(AppUsers.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final boolean root;
    private final String defaultUser;
    private final AppUser agent = AppUser.agent();
    private final Map<String, AppUser> known = new HashMap<>();

    AppUsers(boolean root, String defaultUser) {
        this.root = root;
        this.defaultUser = defaultUser;
    }

    /** Whether instances run under another account than the agent's. */
    boolean switching() {
        return root;
    }

    /** The account instances run as unless their spec names one. */
    String defaultUser() {
        return root ? defaultUser : agent.name();
    }

    /** The account an instance with this {@code user} (null: the default) runs as, created if missing. */
    synchronized AppUser forInstance(String user) throws IOException {
        if (!root) return agent;
        String name = user != null ? user : defaultUser;
        AppUser found = known.get(name);
        if (found == null) {
            found = lookup(name);
            if (found.uid() == 0) throw new IOException("user " + name + " has uid 0: instances never run as root");
            known.put(name, found);
        }
        return found;
    }

    private static AppUser lookup(String name) throws IOException {
        Exec.Result found = Exec.run(AppUser.lookupArgv(name), TIMEOUT);
        if (found.exitCode() == 2) {
            Exec.check(AppUser.createArgv(name), TIMEOUT);
            log.info("created system user for instances user={} (no home, no login shell)", name);
            found = Exec.run(AppUser.lookupArgv(name), TIMEOUT);
        }
        Exec.Result r = found;
        if (!r.ok())
            throw new IOException(
                    "cannot look up user " + name + ": getent exit code " + r.exitCode() + " " + r.output());
        String entry = r.output()
                .lines()
                .filter(l -> l.startsWith(name + ":"))
                .findFirst()
                .orElseThrow(() -> new IOException("cannot look up user " + name + ": getent printed " + r.output()));
        try {
            return AppUser.parsePasswd(entry);
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot look up user " + name + ": " + e.getMessage(), e);
        }
    }
}
