package dev.gantry.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gantry canary ...}: the canary judge offline, and a running canary's state. */
@Command(
        name = "canary",
        description = "Canary releases: judge metrics offline (judge), or show an app's canary (status).",
        subcommands = {CanaryJudgeCommand.class, CanaryStatusCommand.class, HelpCommand.class})
final class CanaryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
