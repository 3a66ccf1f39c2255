package dev.gantry.fleet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Existing hosts reached over SSH (address, port, user, key from the environment file). Creating checks that every
 * host answers and names each one that does not, with the reason; destroying leaves the hosts alone (they are not
 * Gantry's) and only Gantry's own files of the environment go.
 */
public final class SshProvider implements Provider {
    @Override
    public List<String> create(Environment env, EnvironmentFiles files) throws IOException {
        List<String> unreachable = new ArrayList<>();
        for (HostState s : list(env, files)) {
            if (s.state() != HostState.State.UP) unreachable.add("host " + s.name() + ": " + s.detail());
        }
        if (!unreachable.isEmpty()) {
            throw new IOException("cannot reach " + unreachable.size() + " of "
                    + env.hosts().size() + " hosts of " + env.name() + ":\n  " + String.join("\n  ", unreachable));
        }
        return List.of();
    }

    @Override
    public List<HostState> list(Environment env, EnvironmentFiles files) throws IOException {
        SshProbe probe = new SshProbe(files.key(), files.knownHosts(), false);
        List<HostState> states = new ArrayList<>();
        for (Host h : env.hosts()) states.add(probe.probe(h, h.address()));
        return states;
    }

    @Override
    public List<String> destroy(String env, EnvironmentFiles files) {
        return List.of();
    }

    @Override
    public String address(Environment env, Host host) {
        return host.address();
    }
}
