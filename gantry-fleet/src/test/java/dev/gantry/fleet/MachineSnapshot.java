package dev.gantry.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a netns environment can leave behind on this machine, listed: namespaces, network interfaces, mounts,
 * {@code /etc/netns} entries, the network namespaces processes run in, and the files under a data directory.
 */
public record MachineSnapshot(
        Set<String> namespaces,
        Set<String> links,
        Set<String> mounts,
        Set<String> etcNetns,
        Set<String> processNetworks,
        Set<String> files) {

    /** The machine now, and the files under {@code dataDir} (none when it does not exist). */
    public static MachineSnapshot take(Path dataDir) throws IOException {
        return new MachineSnapshot(
                list(Path.of("/run/netns")),
                list(Path.of("/sys/class/net")),
                new TreeSet<>(Files.readAllLines(Path.of("/proc/mounts"))),
                list(Path.of("/etc/netns")),
                networksOfProcesses(),
                files(dataDir));
    }

    private static Set<String> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return Set.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** The network namespaces any process runs in ({@code net:[4026531840]}). */
    private static Set<String> networksOfProcesses() throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path p :
                    s.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    out.add(Files.readSymbolicLink(p.resolve("ns/net")).toString());
                } catch (IOException e) {
                    // the process ended while we looked
                }
            }
        }
        return out;
    }

    private static Set<String> files(Path dir) throws IOException {
        if (!Files.exists(dir)) return Set.of();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(dir::relativize).map(Path::toString).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
