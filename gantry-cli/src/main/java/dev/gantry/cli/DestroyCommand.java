package dev.gantry.cli;

import dev.gantry.fleet.AnsiblePlaybook;
import dev.gantry.fleet.Environment;
import dev.gantry.fleet.Environment.ProviderKind;
import dev.gantry.fleet.Fleet;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "destroy",
        description = {
            "Take an environment down. ssh and digitalocean hosts that gantry up configured first get "
                    + "deploy/ansible/destroy.yml: Gantry's systemd units and every process with a pid file or its "
                    + "working directory under the data directory are stopped, and the data directory removed; a host "
                    + "that cannot be reached is named, the others go on, and the exit code is 1. Then digitalocean "
                    + "deletes the droplets; netns stops every process in its namespaces and removes the namespaces, "
                    + "veths, bridge and /etc/netns entries. Gantry's files of the environment (keys, inventory, "
                    + "hosts' data directories) go too, but an ssh environment with failed hosts keeps them for a retry.",
            "A second run finds nothing to do."
        })
final class DestroyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EnvironmentOptions environment;

    @Mixin
    DataDirOption data;

    @Mixin
    PlaybooksOption playbooks;

    @Override
    public Integer call() throws Exception {
        Environment env = environment.load();
        PrintWriter out = spec.commandLine().getOut();
        Fleet fleet = new Fleet(data.path());
        boolean configured = env.provider() != ProviderKind.NETNS
                && Files.exists(fleet.files(env.name()).inventory());
        AnsiblePlaybook stop =
                configured ? new AnsiblePlaybook(playbooks.file("destroy.yml"), Duration.ofMinutes(10)) : null;
        Fleet.DestroyReport report;
        try {
            report = fleet.destroy(env, stop);
        } catch (IllegalStateException | IllegalArgumentException e) { // not root, no API token
            throw new CliException(env.name() + ": " + e.getMessage());
        }
        report.removed().forEach(r -> out.println(env.name() + ": " + r));
        if (!report.ok()) {
            throw new CliException(env.name() + ": " + report.failures().size() + " host(s) could not be cleaned:\n  "
                    + report.failures().stream().map(Object::toString).collect(Collectors.joining("\n  ")));
        }
        out.println(report.removed().isEmpty() ? env.name() + ": nothing to destroy" : env.name() + " is destroyed");
        return 0;
    }
}
