package dev.gantry.cli;

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
      if (e instanceof CliException ce) {
        cmd.getErr().println("gantry: " + ce.getMessage());
        return 1;
      }
      cmd.getErr().println("gantry: " + e);
      return 1;
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
