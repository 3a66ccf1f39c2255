package dev.gantry.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Hosts as network namespaces on this Linux machine: per host a namespace {@code gantry-ENV-HOST} joined to the bridge
 * {@code gantry-ENV} by a veth pair, its own address in the environment's network, no default route, an empty
 * resolv.conf and its own hostname, a data directory, and an sshd that lets in only the environment's key. Needs root.
 */
public final class NetnsProvider implements Provider {
    private static final Path RUN_NETNS = Path.of("/run/netns");
    private static final Path ETC_NETNS = Path.of("/etc/netns");
    private static final Path SYS_NET = Path.of("/sys/class/net");
    private static final Duration STOP_LIMIT = Duration.ofSeconds(5);

    /** Whether this process runs as root (uid 0), which the provider needs. */
    public static boolean runningAsRoot() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("Uid:"))
                    .map(l -> l.split("\\s+")[1])
                    .anyMatch("0"::equals);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Cuts host {@code host} of environment {@code env} off the network, as a pulled cable: the bridge's end of its
     * veth goes down, so nothing reaches it and it reaches nothing, while every process on it keeps running.
     */
    public static void cut(String env, String host) throws IOException {
        setLink(env, host, false);
    }

    /** Undoes {@link #cut}: the host's link comes up again. */
    public static void heal(String env, String host) throws IOException {
        setLink(env, host, true);
    }

    private static void setLink(String env, String host, boolean up) throws IOException {
        requireRoot();
        NetnsCommands cmd = new NetnsCommands(env);
        if (!Files.exists(RUN_NETNS.resolve(cmd.namespace(host))))
            throw new IllegalArgumentException(
                    "no host " + host + " in netns environment " + env + " (no namespace " + cmd.namespace(host) + ")");
        Exec.run(cmd.setLink(host, up)).orThrow();
    }

    @Override
    public List<String> create(Environment env, EnvironmentFiles files) throws IOException {
        requireRoot();
        NetnsCommands cmd = new NetnsCommands(env.name());
        List<String> changes = new ArrayList<>();
        Files.createDirectories(Path.of("/run/sshd"));
        if (!Files.exists(SYS_NET.resolve(cmd.bridge()))) {
            requireFree(env.network());
            for (List<String> argv : cmd.createBridge(env.network()))
                Exec.run(argv).orThrow();
            changes.add("created bridge " + cmd.bridge() + " at "
                    + env.network().gateway() + "/" + env.network().prefix());
        }
        StringBuilder known = new StringBuilder();
        for (Host host : env.hosts()) {
            changes.addAll(createHost(env, files, cmd, host));
            known.append(host.address())
                    .append(' ')
                    .append(publicKeyOf(files, host))
                    .append('\n');
        }
        if (writeIfChanged(files.knownHosts(), known.toString())) changes.add("wrote " + files.knownHosts());
        return changes;
    }

    @Override
    public List<HostState> list(Environment env, EnvironmentFiles files) throws IOException {
        NetnsCommands cmd = new NetnsCommands(env.name());
        SshProbe probe = new SshProbe(files.key(), files.knownHosts(), true);
        List<HostState> states = new ArrayList<>();
        for (Host host : env.hosts()) {
            if (!Files.exists(RUN_NETNS.resolve(cmd.namespace(host.name())))) {
                states.add(new HostState(host.name(), host.address(), HostState.State.ABSENT, "no namespace"));
            } else {
                states.add(probe.probe(host, host.address()));
            }
        }
        return states;
    }

    @Override
    public List<String> destroy(String env, EnvironmentFiles files) throws IOException {
        requireRoot();
        NetnsCommands cmd = new NetnsCommands(env);
        List<String> removed = new ArrayList<>();
        for (String ns : entries(RUN_NETNS, cmd.namespacePrefix())) {
            int killed = stopProcesses(cmd, ns);
            Exec.run(cmd.deleteNamespace(ns)).orThrow();
            removed.add("removed namespace " + ns + (killed > 0 ? " (stopped " + killed + " processes)" : ""));
        }
        for (String ns : entries(ETC_NETNS, cmd.namespacePrefix())) {
            deleteTree(ETC_NETNS.resolve(ns));
            removed.add("removed " + ETC_NETNS.resolve(ns));
        }
        for (String link : entries(SYS_NET, cmd.vethPrefix())) {
            if (deleteLink(cmd, link)) removed.add("removed veth " + link);
        }
        if (Files.exists(SYS_NET.resolve(cmd.bridge()))) {
            Exec.run(cmd.deleteLink(cmd.bridge())).orThrow();
            removed.add("removed bridge " + cmd.bridge());
        }
        if (!removed.isEmpty()) unmountEmptyRunNetns();
        return removed;
    }

    /**
     * Deletes a link; false when it went away by itself meanwhile (a veth goes with its peer's namespace, a moment
     * after {@code ip netns del}).
     */
    private static boolean deleteLink(NetnsCommands cmd, String link) throws IOException {
        Exec.Result r = Exec.run(cmd.deleteLink(link));
        if (r.ok()) return true;
        if (!Files.exists(SYS_NET.resolve(link))) return false;
        r.orThrow();
        return true;
    }

    @Override
    public String address(Environment env, Host host) {
        return host.address();
    }

    private List<String> createHost(Environment env, EnvironmentFiles files, NetnsCommands cmd, Host host)
            throws IOException {
        List<String> changes = new ArrayList<>();
        String ns = cmd.namespace(host.name());
        if (!Files.exists(RUN_NETNS.resolve(ns))) {
            for (List<String> argv : cmd.createHost(host.name(), host.address(), env.network())) {
                Exec.run(argv).orThrow();
            }
            changes.add("created host " + host.name() + " (namespace " + ns + ", " + host.address() + ")");
        }
        Path etc = ETC_NETNS.resolve(ns);
        Files.createDirectories(etc);
        writeIfChanged(etc.resolve("resolv.conf"), "");
        writeIfChanged(etc.resolve("hostname"), host.name() + "\n");
        writeIfChanged(etc.resolve("passwd"), plainShells(Files.readString(Path.of("/etc/passwd"))));
        Path dir = files.host(host.name());
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("ssh"));
        Path hostKey = dir.resolve("ssh").resolve("ssh_host_ed25519_key");
        if (!Files.exists(hostKey))
            Exec.run(EnvironmentFiles.keygen(hostKey, host.name())).orThrow();
        Path config = dir.resolve("sshd_config");
        Path pidFile = dir.resolve("sshd.pid");
        boolean reconfigured =
                writeIfChanged(config, new SshdConfig(host.address(), hostKey, files.publicKey(), pidFile).text());
        Optional<ProcessHandle> sshd = sshd(cmd, ns, pidFile);
        if (sshd.isPresent() && reconfigured) {
            sshd.get().destroy();
            sshd.get()
                    .onExit()
                    .orTimeout(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)
                    .join();
            sshd = Optional.empty();
        }
        if (sshd.isEmpty()) {
            Exec.run(cmd.startSshd(host.name(), config, dir.resolve("sshd.log")))
                    .orThrow();
            changes.add("started sshd of " + host.name() + " on " + host.address() + ":22");
        }
        return changes;
    }

    /**
     * This machine's accounts with root's login shell {@code /bin/sh}, for {@code /etc/netns/NS/passwd}: sshd runs every
     * command through the login shell, and bash started by sshd reads {@code ~/.bashrc}, which on a developer's machine
     * may take seconds (version managers); Ansible pays that on every task. A netns host is a fresh host: it gets no
     * one's shell start-up files.
     */
    static String plainShells(String passwd) {
        StringBuilder out = new StringBuilder();
        for (String line : passwd.lines().toList()) {
            String[] f = line.split(":", -1);
            if (f.length == 7 && f[0].equals("root")) {
                f[6] = "/bin/sh";
                line = String.join(":", f);
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** The sshd whose pid its pid file holds, when it runs inside {@code ns}. */
    private static Optional<ProcessHandle> sshd(NetnsCommands cmd, String ns, Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) return Optional.empty();
        String pid = Files.readString(pidFile).strip();
        List<String> inside = Exec.run(cmd.pids(ns)).orThrow().lines().toList();
        if (!inside.contains(pid)) return Optional.empty();
        return ProcessHandle.of(Long.parseLong(pid));
    }

    /** Stops every process inside {@code ns}: TERM, then KILL what is left after {@link #STOP_LIMIT}. */
    private static int stopProcesses(NetnsCommands cmd, String ns) throws IOException {
        List<ProcessHandle> procs = Exec.run(cmd.pids(ns))
                .orThrow()
                .lines()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(Long::parseLong)
                .map(ProcessHandle::of)
                .flatMap(Optional::stream)
                .toList();
        procs.forEach(ProcessHandle::destroy);
        if (!awaitExit(procs)) {
            procs.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            if (!awaitExit(procs)) throw new IOException("processes in " + ns + " did not stop after SIGKILL");
        }
        return procs.size();
    }

    private static boolean awaitExit(List<ProcessHandle> procs) {
        try {
            CompletableFuture.allOf(procs.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return procs.stream().noneMatch(ProcessHandle::isAlive);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * {@code ip netns add} turns /run/netns into a shared mount the first time; once the last namespace is gone, the
     * mount is taken down again so that a destroyed environment leaves no mount behind.
     */
    private static void unmountEmptyRunNetns() throws IOException {
        if (!Files.isDirectory(RUN_NETNS)) return;
        try (Stream<Path> left = Files.list(RUN_NETNS)) {
            if (left.findAny().isPresent()) return;
        }
        boolean mounted = Files.readAllLines(Path.of("/proc/mounts")).stream()
                .anyMatch(l -> l.split(" ")[1].equals(RUN_NETNS.toString()));
        if (mounted) Exec.run(List.of("umount", RUN_NETNS.toString())).orThrow();
        Files.deleteIfExists(RUN_NETNS);
    }

    private static void requireRoot() {
        if (!runningAsRoot()) {
            throw new IllegalStateException(
                    "the netns provider needs root: it creates network namespaces, a bridge and sshds (run as root)");
        }
    }

    /** Refuses a network another interface of this machine already has an address in. */
    private static void requireFree(Subnet network) throws IOException {
        String out = Exec.run(List.of("ip", "-o", "-4", "addr", "show")).orThrow();
        for (String line : out.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4) continue;
            String address = f[3].split("/")[0];
            if ((Subnet.address(address) & -(network.size())) == network.base()) {
                throw new IllegalStateException("network " + network + " is already used by " + f[1] + " (" + f[3]
                        + "); give the environment another network");
            }
        }
    }

    private static String publicKeyOf(EnvironmentFiles files, Host host) throws IOException {
        Path pub = files.host(host.name()).resolve("ssh").resolve("ssh_host_ed25519_key.pub");
        String[] parts = Files.readString(pub).strip().split(" ");
        return parts[0] + " " + parts[1];
    }

    private static List<String> entries(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix))
                    .sorted()
                    .toList();
        }
    }

    /** Writes {@code text} unless the file holds it already; true when it wrote. */
    static boolean writeIfChanged(Path file, String text) throws IOException {
        if (Files.exists(file) && Files.readString(file).equals(text)) return false;
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return true;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
