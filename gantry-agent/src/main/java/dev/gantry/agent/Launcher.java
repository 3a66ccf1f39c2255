package dev.gantry.agent;

import dev.gantry.api.InstanceSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts an instance as {@code /bin/sh -c <command>} in its release directory, output appended to its
 * log file. With {@code setsid} available the instance gets a session of its own, so a Ctrl-C in the
 * agent's terminal does not reach it: instances outlive their agent and are stopped by it, not by the tty.
 */
final class Launcher {
  private final String javaBin;

  Launcher(String javaHome) {
    this.javaBin = Path.of(javaHome, "bin").toString();
  }

  /** The command line, environment and files of one start, as data. */
  record Plan(List<String> argv, Map<String, String> env, Path workDir, Path logFile) {
  }

  Plan plan(InstanceSpec spec, int port, Path releaseDir, Path logFile, Map<String, String> agentEnv) {
    Map<String, String> env = new LinkedHashMap<>(agentEnv);
    env.putAll(spec.env());
    env.put("PORT", Integer.toString(port));
    env.put("GANTRY_APP", spec.app());
    env.put("GANTRY_RELEASE", Integer.toString(spec.release()));
    env.put("GANTRY_INSTANCE", spec.id());
    String path = env.get("PATH");
    env.put("PATH", path == null || path.isEmpty() ? javaBin : javaBin + File.pathSeparator + path);
    return new Plan(argv(spec.command()), env, releaseDir, logFile);
  }

  Process start(Plan plan) throws IOException {
    Files.createDirectories(plan.logFile().getParent());
    ProcessBuilder builder = new ProcessBuilder(plan.argv())
        .directory(plan.workDir().toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(plan.logFile().toFile()));
    builder.environment().clear();
    builder.environment().putAll(plan.env());
    return builder.start();
  }

  static final String SETSID = "/usr/bin/setsid";

  /** setsid execs the shell in place, so the pid the agent watches is the shell's, and its process group. */
  static List<String> argv(String command) {
    return usesSetsid() ? List.of(SETSID, "/bin/sh", "-c", command) : List.of("/bin/sh", "-c", command);
  }

  static boolean usesSetsid() {
    return java.nio.file.Files.isExecutable(Path.of(SETSID));
  }
}
