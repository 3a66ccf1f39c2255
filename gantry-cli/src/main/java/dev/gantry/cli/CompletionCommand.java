package dev.gantry.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gantry completion bash|zsh}: picocli's completion script for every verb, option and enum value. */
@Command(
        name = "completion",
        description = {
            "Print a shell completion script for gantry.",
            "  bash:  source <(gantry completion bash)      (or save it in /etc/bash_completion.d/gantry)",
            "  zsh:   source <(gantry completion zsh)       (the same script; it loads zsh's bashcompinit itself)"
        })
final class CompletionCommand implements Callable<Integer> {
    /** The shells the script works in. */
    enum Shell {
        bash,
        zsh
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "bash or zsh")
    Shell shell;

    @Override
    public Integer call() {
        spec.commandLine()
                .getOut()
                .print(AutoComplete.bash("gantry", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
