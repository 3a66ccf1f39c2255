package dev.gantry.agent;

import dev.gantry.api.AgentReport.CgroupVersion;
import dev.gantry.api.AppSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where this agent's instance cgroups live, chosen once at agent start: cgroup v2 where a cgroup2 mount has the memory
 * and cpu controllers, else v1 where the memory and cpu hierarchies are mounted and writable, else none (limits are not
 * enforced, and {@link #problem()} says why). The agent's cgroups sit below its own cgroup, in
 * {@code gantry/{scope}/{instanceId}}, the scope naming the agent (host and data directory), so that two agents on one
 * machine never touch each other's.
 */
abstract class Cgroups {
    static final String PERIOD_US = "100000";

    abstract CgroupVersion version();

    /** Why cgroups cannot be used; null when they can. */
    String problem() {
        return null;
    }

    /** Creates the instance's cgroup, or takes the one its previous process left, and writes the limits into it. */
    abstract Cgroup create(String instanceId, AppSpec.Resources resources) throws IOException;

    /** The cgroup {@code pid} is in if it is this agent's cgroup of {@code instanceId}: what an adopted instance keeps. */
    abstract Optional<Cgroup> of(String instanceId, long pid);

    /** Every instance cgroup of this agent, by instance id. */
    abstract Map<String, Cgroup> all();

    /** The directories of this agent's scope, below which its instance cgroups are. */
    abstract List<Path> scopeDirs();

    /** Removes the instance cgroups left (killing what runs in them) and the scope itself: the agent is done here. */
    void removeAll() {
        all().values().forEach(Cgroup::remove);
        for (Path dir : scopeDirs()) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // still busy; the next agent on this data directory takes it over
            }
        }
    }

    /** Picks v2, v1 or none from {@code proc/self/mountinfo} and {@code proc/self/cgroup}. */
    static Cgroups probe(Path proc, String scope) {
        List<Hierarchy> mounts;
        Map<String, String> own;
        try {
            mounts = Hierarchy.mounted(Files.readAllLines(proc.resolve("self/mountinfo")));
            own = ownPaths(Files.readAllLines(proc.resolve("self/cgroup")));
        } catch (IOException e) {
            return none("cannot read " + proc + "/self: " + why(e));
        }
        String v2;
        try {
            return CgroupsV2.open(mounts, own.get(""), scope, proc);
        } catch (IOException e) {
            v2 = e.getMessage();
        }
        try {
            return CgroupsV1.open(mounts, own, scope, proc);
        } catch (IOException e) {
            return none(v2 + "; " + e.getMessage());
        }
    }

    static Cgroups none(String why) {
        return new None(why);
    }

    /** The agent's own name among the cgroups of other agents: its host and a digest of its data directory. */
    static String scope(String host, Path dataDir) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(dataDir.toString().getBytes(StandardCharsets.UTF_8));
            return host.replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                    + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code proc/self/cgroup} by controller ({@code ""} for v2): {@code 4:memory:/a/b} gives memory → /a/b. */
    static Map<String, String> ownPaths(List<String> lines) {
        Map<String, String> out = new HashMap<>();
        for (String line : lines) {
            String[] f = line.split(":", 3);
            if (f.length < 3) continue;
            if (f[1].isEmpty()) out.put("", f[2]);
            for (String controller : f[1].split(",")) if (!controller.isEmpty()) out.put(controller, f[2]);
        }
        return out;
    }

    /** The cgroup path of {@code controller} ({@code ""} for v2) in {@code proc/{pid}/cgroup}. */
    static Optional<String> pathOf(Path proc, long pid, String controller) {
        try {
            return Optional.ofNullable(
                    ownPaths(Files.readAllLines(proc.resolve(pid + "/cgroup"))).get(controller));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static void write(Path file, String value) throws IOException {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new IOException("cannot write " + value + " to " + file + ": " + why(e), e);
        }
    }

    /** The reason of a file error without the path it already names: "permission denied", "Device or resource busy". */
    static String why(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file";
        if (e instanceof FileSystemException f)
            return f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
        return String.valueOf(e.getMessage());
    }

    /** A mounted cgroup hierarchy: where it is, which cgroup is its root, its type and options (v1 controllers). */
    record Hierarchy(Path mountPoint, String root, String type, Set<String> options) {
        /** The cgroup hierarchies in {@code /proc/self/mountinfo}. */
        static List<Hierarchy> mounted(List<String> mountinfo) {
            return mountinfo.stream()
                    .map(Hierarchy::parse)
                    .flatMap(Optional::stream)
                    .toList();
        }

        /** {@code 36 25 0:31 / /sys/fs/cgroup/memory rw,relatime shared:15 - cgroup cgroup rw,memory}. */
        static Optional<Hierarchy> parse(String line) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash < 6 || f.length < dash + 4) return Optional.empty();
            String type = f[dash + 1];
            if (!type.equals("cgroup") && !type.equals("cgroup2")) return Optional.empty();
            return Optional.of(new Hierarchy(
                    Path.of(unescape(f[4])), unescape(f[3]), type, Set.copyOf(List.of(f[dash + 3].split(",")))));
        }

        /** The directory of cgroup {@code path} (as {@code /proc/.../cgroup} names it) in this mount. */
        Optional<Path> dir(String path) {
            if (path == null || !(path + "/").startsWith(root.equals("/") ? "/" : root + "/")) return Optional.empty();
            String rel = path.substring(root.equals("/") ? 0 : root.length()).replaceFirst("^/+", "");
            return Optional.of(rel.isEmpty() ? mountPoint : mountPoint.resolve(rel));
        }

        private static String unescape(String s) {
            return s.replace("\\040", " ")
                    .replace("\\011", "\t")
                    .replace("\\012", "\n")
                    .replace("\\134", "\\");
        }
    }

    private static final class None extends Cgroups {
        private final String why;

        None(String why) {
            this.why = why;
        }

        @Override
        CgroupVersion version() {
            return CgroupVersion.NONE;
        }

        @Override
        String problem() {
            return why;
        }

        @Override
        Cgroup create(String instanceId, AppSpec.Resources resources) {
            return null;
        }

        @Override
        Optional<Cgroup> of(String instanceId, long pid) {
            return Optional.empty();
        }

        @Override
        Map<String, Cgroup> all() {
            return Map.of();
        }

        @Override
        List<Path> scopeDirs() {
            return List.of();
        }
    }
}
