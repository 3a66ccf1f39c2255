package dev.gantry.server.releases;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs a command line of gantry.yml ({@code /bin/sh -c}) in a directory, line by line to a sink. */
final class Shell {
  private Shell() {
  }

  /** The argv for one command line: data, so it can be checked by equality. */
  static List<String> argv(String commandLine) {
    return List.of("/bin/sh", "-c", commandLine);
  }

  /** Returns the exit code; -1 when the time ran out (the process tree is killed). */
  static int run(String commandLine, Path dir, Duration timeout, Consumer<String> out)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(argv(commandLine)).directory(dir.toFile()).redirectErrorStream(true);
    String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
    pb.environment().put("PATH", javaBin + ":" + pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    Thread pump = Thread.ofVirtual().start(() -> pump(p, out));
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      return -1;
    }
    pump.join(Duration.ofSeconds(5));
    return p.exitValue();
  }

  private static void pump(Process p, Consumer<String> out) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) out.accept(line);
    } catch (IOException e) {
      out.accept("(output ended: " + e.getMessage() + ")");
    }
  }
}
