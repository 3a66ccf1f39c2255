package dev.gantry.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Who listens on a port, from Linux's {@code /proc}: the LISTEN sockets on the port in {@code net/tcp} and
 * {@code net/tcp6} (any address: the allocator checked the port free on all of them), matched by inode against the
 * {@code socket:[inode]} links in {@code <pid>/fd} of a set of processes. Where {@code /proc} cannot tell (not Linux,
 * another layout) {@link #problem()} says why and every answer is {@link Unknown}.
 */
final class PortOwner {
    private final Path proc;
    private final String problem;

    private PortOwner(Path proc, String problem) {
        this.proc = proc;
        this.problem = problem;
    }

    /** The answer about one port. */
    sealed interface Verdict permits Own, Foreign, Nobody, Unknown {}

    /** Every socket listening on the port is held by one of the processes asked about. */
    record Own() implements Verdict {}

    /** A socket listening on the port is held by none of them; {@code pid} holds it, where its fds are readable. */
    record Foreign(OptionalLong pid) implements Verdict {}

    /** Nothing listens on the port. */
    record Nobody() implements Verdict {}

    /** {@code /proc} cannot tell (the processes' fds are not readable, or no usable {@code /proc}). */
    record Unknown(String why) implements Verdict {}

    /** Checks that {@code proc} tells the owner of a socket this JVM listens on; if not, {@link #problem()} says why. */
    static PortOwner probe(Path proc) {
        PortOwner owner = new PortOwner(proc, null);
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Verdict v = owner.of(
                    socket.getLocalPort(), List.of(ProcessHandle.current().pid()));
            if (v instanceof Own) return owner;
            return new PortOwner(proc, v instanceof Unknown u ? u.why() : "a socket of its own read as " + v);
        } catch (IOException e) {
            return new PortOwner(proc, "cannot open a socket to check " + proc + ": " + e);
        }
    }

    /** Why ownership cannot be told on this host, if it cannot. */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Whether every socket listening on {@code port} is held by one of {@code pids}. */
    Verdict of(int port, Collection<Long> pids) {
        if (problem != null) return new Unknown(problem);
        Set<Long> listeners = new HashSet<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            try {
                listeners.addAll(listening(Files.readAllLines(proc.resolve(table)), port));
            } catch (NoSuchFileException e) {
                if (table.equals("net/tcp")) return new Unknown("no " + proc.resolve(table) + " (not Linux?)");
            } catch (IOException e) {
                return new Unknown("cannot read " + proc.resolve(table) + ": " + e);
            }
        }
        if (listeners.isEmpty()) return new Nobody();
        Set<Long> held = new HashSet<>();
        String unreadable = null;
        for (long pid : pids) {
            try {
                held.addAll(sockets(pid));
            } catch (AccessDeniedException e) {
                unreadable = "cannot read " + proc.resolve(pid + "/fd") + " (permission denied)";
            }
        }
        if (held.containsAll(listeners)) return new Own();
        if (unreadable != null) return new Unknown(unreadable);
        listeners.removeAll(held);
        return new Foreign(holder(listeners, pids));
    }

    /** The inodes of the LISTEN (state 0A) sockets on {@code port} in the lines of a {@code net/tcp} table. */
    static Set<Long> listening(List<String> table, int port) {
        Set<Long> inodes = new HashSet<>();
        for (String line : table) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[3].equals("0A")) continue;
            String local = f[1];
            int colon = local.lastIndexOf(':');
            if (colon < 0 || Integer.parseInt(local.substring(colon + 1), 16) != port) continue;
            inodes.add(Long.parseLong(f[9]));
        }
        return inodes;
    }

    /** The socket inodes among the fds of {@code pid}; none if it is gone. */
    private Set<Long> sockets(long pid) throws AccessDeniedException {
        Set<Long> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(proc.resolve(pid + "/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && target.endsWith("]"))
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                } catch (IOException e) {
                    // closed since the listing
                }
            }
        } catch (AccessDeniedException e) {
            throw e;
        } catch (IOException | java.io.UncheckedIOException e) {
            // gone
        }
        return inodes;
    }

    /** A process other than {@code pids} holding one of {@code inodes}, where one is readable. */
    private OptionalLong holder(Set<Long> inodes, Collection<Long> pids) {
        try (Stream<Path> all = Files.list(proc)) {
            return all.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .mapToLong(Long::parseLong)
                    .filter(pid -> !pids.contains(pid) && holds(pid, inodes))
                    .findFirst();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    private boolean holds(long pid, Set<Long> inodes) {
        try {
            return sockets(pid).stream().anyMatch(inodes::contains);
        } catch (AccessDeniedException e) {
            return false;
        }
    }
}
