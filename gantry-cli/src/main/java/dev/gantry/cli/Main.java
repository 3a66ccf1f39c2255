package dev.gantry.cli;

import dev.gantry.api.Problem;
import dev.gantry.api.client.ProblemException;
import dev.gantry.api.client.UnreachableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gantry} command. Every verb but server, agent, router and demo talks to the control plane's HTTP API. */
@Command(name = "gantry", mixinStandardHelpOptions = true, version = "gantry 0.1.0",
    description = "Self-hosted continuous deployment: deploy, route, watch and roll back your services.",
    subcommands = {ServerCommand.class, AgentCommand.class, RouterCommand.class, DemoCommand.class,
        DeployCommand.class, AppsCommand.class, PsCommand.class, ScaleCommand.class, StopCommand.class,
        RollbackCommand.class, LogsCommand.class, ReleasesCommand.class, StatusCommand.class, FlagsCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("gantry: " + message(e));
      return 1;
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** What went wrong in one line (a problem's other findings on lines of their own), with a hint where one helps. */
  static String message(Exception e) {
    if (e instanceof CliException) return e.getMessage();
    if (e instanceof UnreachableException u) {
      return "cannot reach the control plane at " + u.baseUrl() + " (is `gantry server` or `gantry demo` running?)";
    }
    if (e instanceof ProblemException p) return describe(p.problem());
    if (e instanceof java.io.IOException) return e.getMessage();
    return e.toString();
  }

  private static String describe(Problem p) {
    StringBuilder b = new StringBuilder(p.detail());
    if (p.status() == 401) {
      b.append(" (pass the admin token with --token or GANTRY_TOKEN; it is the file 'token' in the server's data directory)");
    }
    // The first problem is usually the detail itself; print only what it does not already say, so one problem is one line.
    for (String problem : p.problems()) {
      if (!p.detail().contains(problem)) b.append("\n  ").append(problem);
    }
    return b.toString();
  }
}
