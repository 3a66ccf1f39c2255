package dev.gantry.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One run of the {@code gantry} command in this JVM, as a user would type it: the exit code
 * {@link Main#main} would exit with, and what it printed on stdout and stderr.
 */
record GantryRun(int exit, String out, String err) {
  private static final Object CONSOLE = new Object();

  static GantryRun of(String... args) {
    synchronized (CONSOLE) {
      PrintStream stdout = System.out;
      PrintStream stderr = System.err;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      try {
        int exit = Main.run(args);
        System.out.flush();
        System.err.flush();
        return new GantryRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
      } finally {
        System.setOut(stdout);
        System.setErr(stderr);
      }
    }
  }

  List<String> outLines() {
    return out.lines().toList();
  }

  List<String> errLines() {
    return err.lines().toList();
  }
}
