package dev.gantry.agent;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.gantry.api.InstanceSpec;
import dev.gantry.api.files.OwnerOnly;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Starts an instance as {@code /bin/sh -c <command>} in its release directory, output appended to its log file, with
 * an environment of its own: a minimal PATH (the agent's JDK first), HOME, USER, LOGNAME and LANG, the spec's env, then
 * PORT and the GANTRY_* variables; nothing of the agent's own environment. With {@code setsid} available the instance
 * gets a session of its own, so a Ctrl-C in the agent's terminal does not reach it: instances outlive their agent and
 * are stopped by it, not by the tty.
 *
 * <p>An instance with a cgroup or another account starts through a small shell script that, as the agent, joins the
 * cgroup (so no process of the instance escapes it), bind-mounts the release directory at {@link #RELEASE_MOUNT} in a
 * mount namespace of its own (so the account needs no way into the agent's 0700 data directory), and switches to the
 * account with {@code setpriv}. The steps run as root get no variable the app chose (LD_PRELOAD and the like): the
 * app's environment reaches its shell through a file only that account can read, sourced after the switch.
 */
final class Launcher {
    static final String SETSID = "/usr/bin/setsid";
    static final String UNSHARE = "/usr/bin/unshare";
    static final String SETPRIV = "/usr/bin/setpriv";
    static final String MOUNT = "/usr/bin/mount";
    /** Where an instance run as another account sees its release directory, and its working directory. */
    static final Path RELEASE_MOUNT = Path.of("/run/gantry/release");

    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    /** The whole environment of the steps that run as root before the switch. */
    static final Map<String, String> WRAPPER_ENV = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", "LANG", "C.UTF-8");

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String javaBin;
    private final int agentUid;
    private final boolean privateMounts;

    /**
     * @param agentUid      the agent's uid: an instance whose account has another one is switched to it
     * @param privateMounts whether switched instances get a mount namespace with their release at {@link #RELEASE_MOUNT}
     */
    Launcher(String javaHome, int agentUid, boolean privateMounts) {
        this.javaBin = Path.of(javaHome, "bin").toString();
        this.agentUid = agentUid;
        this.privateMounts = privateMounts;
    }

    /**
     * The command line, environment and files of one start, as data.
     *
     * @param env     the instance's whole environment
     * @param envFile where {@code env} is written for the switched account to source; null when the account is the agent's
     */
    record Plan(List<String> argv, Map<String, String> env, Path workDir, Path logFile, AppUser user, Path envFile) {}

    Plan plan(InstanceSpec spec, int port, Path releaseDir, Path logFile, Path envFile, AppUser user, Cgroup cgroup) {
        boolean switchUser = user.uid() != agentUid;
        Path appDir = switchUser && privateMounts ? RELEASE_MOUNT : releaseDir;
        List<String> argv = argv(
                spec.command(),
                switchUser ? user : null,
                cgroup,
                switchUser && privateMounts ? releaseDir : null,
                envFile);
        return new Plan(argv, env(spec, port, user, appDir), releaseDir, logFile, user, switchUser ? envFile : null);
    }

    Process start(Plan plan) throws IOException {
        OwnerOnly.directories(plan.logFile().getParent());
        OwnerOnly.file(plan.logFile());
        if (plan.envFile() != null) {
            chown(plan.logFile(), plan.user());
            writeEnvFile(plan.envFile(), plan.env(), plan.user());
        }
        ProcessBuilder builder = new ProcessBuilder(plan.argv())
                .directory(plan.workDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(plan.logFile().toFile()));
        builder.environment().clear();
        builder.environment().putAll(plan.envFile() != null ? WRAPPER_ENV : plan.env());
        return builder.start();
    }

    Map<String, String> env(InstanceSpec spec, int port, AppUser user, Path appDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", DEFAULT_PATH);
        env.put("HOME", user.homeOr(appDir).toString());
        env.put("USER", user.name());
        env.put("LOGNAME", user.name());
        env.put("LANG", "C.UTF-8");
        spec.env().forEach((name, value) -> {
            if (NAME.matcher(name).matches()) env.put(name, value);
        });
        env.put("PATH", javaBin + File.pathSeparator + env.get("PATH"));
        env.put("PORT", Integer.toString(port));
        env.put("GANTRY_APP", spec.app());
        env.put("GANTRY_RELEASE", Integer.toString(spec.release()));
        env.put("GANTRY_INSTANCE", spec.id());
        return env;
    }

    /**
     * setsid (and unshare) exec in place, so the pid the agent watches is the shell's, and its process group, from the
     * first step to the app's shell. Without cgroup and account: {@code setsid /bin/sh -c <command>}.
     *
     * @param switchTo   the account to switch to; null to stay the agent's
     * @param mountDir   the release directory to bind-mount at {@link #RELEASE_MOUNT} in a new mount namespace; null for none
     */
    static List<String> argv(String command, AppUser switchTo, Cgroup cgroup, Path mountDir, Path envFile) {
        List<String> argv = new ArrayList<>();
        if (usesSetsid()) argv.add(SETSID);
        if (switchTo == null && cgroup == null) {
            argv.addAll(List.of("/bin/sh", "-c", command));
            return argv;
        }
        if (mountDir != null) argv.addAll(List.of(UNSHARE, "--mount", "--propagation", "private", "--"));
        argv.addAll(List.of(
                "/bin/sh",
                "-c",
                String.join("\n", steps(switchTo, cgroup, mountDir, envFile)),
                "gantry-instance",
                command));
        return argv;
    }

    static boolean usesSetsid() {
        return Files.isExecutable(Path.of(SETSID));
    }

    /** The wrapper script; the app's command is its {@code $1}. Exit 125: could not join the cgroup, 126: could not set up. */
    private static List<String> steps(AppUser switchTo, Cgroup cgroup, Path mountDir, Path envFile) {
        List<String> steps = new ArrayList<>();
        if (cgroup != null) cgroup.procsFiles().forEach(f -> steps.add("echo $$ > " + quote(f) + " || exit 125"));
        if (switchTo == null) {
            steps.add("exec /bin/sh -c \"$1\"");
            return steps;
        }
        steps.add("exec 3< " + quote(envFile) + " && /bin/rm -f " + quote(envFile) + " || exit 126");
        if (mountDir != null) {
            steps.add(MOUNT + " --bind " + quote(mountDir) + " " + RELEASE_MOUNT + " && cd " + RELEASE_MOUNT
                    + " || exit 126");
            steps.add("unset OLDPWD");
        }
        steps.add("exec " + SETPRIV + " --reuid=" + switchTo.uid() + " --regid=" + switchTo.gid() + " --init-groups -- "
                + "/bin/sh -c '. /proc/self/fd/3 && exec 3<&- && exec /bin/sh -c \"$1\"' gantry-instance \"$1\"");
        return steps;
    }

    /** {@code export NAME='value'} lines, written for and owned by {@code user}, readable by nobody else. */
    private static void writeEnvFile(Path file, Map<String, String> env, AppUser user) throws IOException {
        StringBuilder script = new StringBuilder();
        env.forEach((name, value) -> script.append("export ")
                .append(name)
                .append('=')
                .append(quote(value))
                .append('\n'));
        OwnerOnly.directories(file.getParent());
        Files.deleteIfExists(file);
        try (SeekableByteChannel out = Files.newByteChannel(
                file,
                Set.of(CREATE_NEW, WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r--------")))) {
            ByteBuffer bytes = ByteBuffer.wrap(script.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) out.write(bytes);
        }
        chown(file, user);
    }

    private static void chown(Path file, AppUser user) throws IOException {
        Files.setAttribute(file, "unix:uid", user.uid());
        Files.setAttribute(file, "unix:gid", user.gid());
    }

    static String quote(Object value) {
        return "'" + value.toString().replace("'", "'\\''") + "'";
    }
}
