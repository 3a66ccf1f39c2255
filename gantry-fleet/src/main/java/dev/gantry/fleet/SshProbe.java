package dev.gantry.fleet;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reaches a host over SSH in batch mode (no prompts) with one key and a known-hosts file of the environment's own, and
 * says in words why it could not: refused connection, no answer, a refused key, a changed host key.
 */
record SshProbe(Path key, Path knownHosts, boolean strictHostKeys) {
    static final int CONNECT_TIMEOUT_SECONDS = 5;

    /** The ssh argv that runs {@code command} on {@code host} (the host's own key if it names one, else ours). */
    List<String> argv(Host host, String address, String command) {
        List<String> argv = new ArrayList<>(List.of(
                "ssh",
                "-i",
                (host.key() != null ? host.key() : key).toString(),
                "-p",
                Integer.toString(host.port()),
                "-o",
                "BatchMode=yes",
                "-o",
                "IdentitiesOnly=yes",
                "-o",
                "ConnectTimeout=" + CONNECT_TIMEOUT_SECONDS,
                "-o",
                "StrictHostKeyChecking=" + (strictHostKeys ? "yes" : "accept-new"),
                "-o",
                "UserKnownHostsFile=" + knownHosts,
                "-o",
                "LogLevel=ERROR",
                host.user() + "@" + address));
        argv.add(command);
        return argv;
    }

    /** The host's state: UP when {@code true} ran there, UNREACHABLE with the reason otherwise. */
    HostState probe(Host host, String address) throws IOException {
        Exec.Result r = Exec.run(
                argv(host, address, "true"), Map.of(), null, Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS + 10L));
        if (r.ok()) return new HostState(host.name(), address, HostState.State.UP, "");
        return new HostState(host.name(), address, HostState.State.UNREACHABLE, reason(host, address, r.err()));
    }

    /** Why ssh failed, from its stderr. */
    String reason(Host host, String address, String err) {
        String where = host.user() + "@" + address + ":" + host.port();
        Path usedKey = host.key() != null ? host.key() : key;
        if (err.contains("Permission denied"))
            return "the key " + usedKey + " is refused at " + where + " (wrong SSH key?)";
        if (err.contains("Connection refused")) return "connection refused at " + where + " (no sshd listening?)";
        if (err.contains("timed out") || err.contains("No route to host")) {
            return "no answer from " + where + " within " + CONNECT_TIMEOUT_SECONDS + " s (host down or link cut?)";
        }
        if (err.contains("Host key verification failed") || err.contains("REMOTE HOST IDENTIFICATION HAS CHANGED")) {
            return "the host key of " + where + " is not the one in " + knownHosts;
        }
        String last = err.strip().lines().reduce((a, b) -> b).orElse("ssh failed");
        return "cannot reach " + where + ": " + last;
    }
}
