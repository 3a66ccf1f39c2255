package dev.gantry.cli;

import dev.gantry.fleet.Environment;
import dev.gantry.fleet.Fleet;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "destroy",
        description = {
            "Take an environment down: netns stops every process in its namespaces and removes the namespaces, veths, "
                    + "bridge and /etc/netns entries; ssh leaves the hosts alone. Gantry's files of the environment "
                    + "(keys, inventory, hosts' data directories) go too.",
            "A second run finds nothing to do."
        })
final class DestroyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EnvironmentOptions environment;

    @Mixin
    DataDirOption data;

    @Override
    public Integer call() throws Exception {
        Environment env = environment.load();
        PrintWriter out = spec.commandLine().getOut();
        List<String> removed = new Fleet(data.path()).destroy(env);
        removed.forEach(r -> out.println(env.name() + ": " + r));
        out.println(removed.isEmpty() ? env.name() + ": nothing to destroy" : env.name() + " is destroyed");
        return 0;
    }
}
