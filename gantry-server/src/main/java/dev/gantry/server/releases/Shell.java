package dev.gantry.server.releases;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a command line of gantry.yml ({@code /bin/sh -c}) in a directory, line by line to a sink, on
 * the server's JDK ({@code JAVA_HOME}, first on {@code PATH}) with Maven kept quiet on it.
 */
final class Shell {
    /** Maven 3.8 in -B -q otherwise prints a raw ESC[0m as it exits. */
    static final String NO_RESET = "-Djansi.noreset=true";
    /** From JDK 23 on, Guava in Maven otherwise warns about sun.misc.Unsafe (JDK 21 and 22 refuse the flag). */
    static final String UNSAFE_ALLOWED = "--sun-misc-unsafe-memory-access=allow";

    private Shell() {}

    /**
     * The argv for one command line: data, so it can be checked by equality. With umask 077, so what a build
     * writes in the control plane's data directory is its owner's only.
     */
    static List<String> argv(String commandLine) {
        return List.of("/bin/sh", "-c", "umask 077\n" + commandLine);
    }

    /** What the command's environment changes: {@code PATH}, {@code JAVA_HOME} and {@code MAVEN_OPTS}. */
    static Map<String, String> environment(Map<String, String> inherited, String javaHome, int jdkFeature) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", Path.of(javaHome, "bin") + ":" + inherited.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("JAVA_HOME", javaHome);
        env.put("MAVEN_OPTS", mavenOpts(inherited.getOrDefault("MAVEN_OPTS", ""), jdkFeature));
        return env;
    }

    /** {@code current} with the flags that keep Maven quiet on this JDK appended, each once. */
    static String mavenOpts(String current, int jdkFeature) {
        List<String> opts = new ArrayList<>(
                current.isBlank() ? List.of() : List.of(current.strip().split("\\s+")));
        List<String> wanted = jdkFeature >= 23 ? List.of(NO_RESET, UNSAFE_ALLOWED) : List.of(NO_RESET);
        for (String flag : wanted) {
            if (!opts.contains(flag)) opts.add(flag);
        }
        return String.join(" ", opts);
    }

    /** Returns the exit code; -1 when the time ran out. On timeout or interrupt the process tree is killed. */
    static int run(String commandLine, Path dir, Duration timeout, Consumer<String> out)
            throws IOException, InterruptedException {
        ProcessBuilder pb =
                new ProcessBuilder(argv(commandLine)).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment()
                .putAll(environment(
                        pb.environment(),
                        System.getProperty("java.home"),
                        Runtime.version().feature()));
        Process p = pb.start();
        Thread pump = Thread.ofVirtual().start(() -> pump(p, out));
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                return -1;
            }
        } catch (InterruptedException e) {
            kill(p);
            throw e;
        }
        pump.join(Duration.ofSeconds(5));
        return p.exitValue();
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static void pump(Process p, Consumer<String> out) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) out.accept(line);
        } catch (IOException e) {
            out.accept("(output ended: " + e.getMessage() + ")");
        }
    }
}
