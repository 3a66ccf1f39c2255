package dev.gantry.fleet;

import java.io.IOException;
import java.util.List;

/**
 * Makes the hosts of an environment exist and takes them away again. Every method is idempotent: creating what exists
 * changes nothing, destroying what is gone finds nothing to do.
 */
public interface Provider {
    /** Creates whatever of {@code env}'s hosts does not exist yet; returns one line per change (empty: none). */
    List<String> create(Environment env, EnvironmentFiles files) throws IOException;

    /** What exists of {@code env}'s hosts, in file order. */
    List<HostState> list(Environment env, EnvironmentFiles files) throws IOException;

    /** Removes every host of the environment named {@code env}; returns one line per removal (empty: none). */
    List<String> destroy(String env, EnvironmentFiles files) throws IOException;

    /** The address the control machine and Ansible reach {@code host} at. */
    String address(Environment env, Host host);
}
