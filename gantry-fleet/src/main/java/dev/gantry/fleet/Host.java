package dev.gantry.fleet;

import java.nio.file.Path;
import java.util.Set;

/**
 * One host of an environment as its file describes it: a name (also its hostname), its roles, and where Ansible and
 * the control machine reach it over SSH. {@code key} is null when the environment's generated key is used.
 */
public record Host(String name, Set<Role> roles, String address, int port, String user, Path key) {
    public Host {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
