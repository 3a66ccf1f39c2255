package dev.gantry.cli;

import dev.gantry.api.AgentReport;
import dev.gantry.api.client.UnreachableException;
import dev.gantry.fleet.Environment;
import dev.gantry.fleet.Fleet;
import dev.gantry.fleet.Host;
import dev.gantry.fleet.HostState;
import dev.gantry.fleet.Role;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "hosts",
        description = "List an environment's hosts: address, roles, state (from the provider: up, unreachable with "
                + "the reason, absent), and from the control plane's agents list when it answers: whether the agent "
                + "reports, its instances, CPU and memory.")
final class HostsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EnvironmentOptions environment;

    @Mixin
    ApiOptions api;

    @Override
    public Integer call() throws Exception {
        Environment env = environment.load();
        PrintWriter out = spec.commandLine().getOut();
        List<HostState> states = new Fleet(api.dataDir()).hosts(env);
        Map<String, AgentReport> agents = agents();
        Table t = new Table("HOST", "ADDRESS", "ROLES", "STATE", "AGENT", "INSTANCES", "CPU", "MEMORY");
        for (HostState s : states) {
            Host h = env.host(s.name()).orElseThrow();
            AgentReport a = agents == null ? null : agents.get(s.name());
            t.row(
                    s.name(),
                    s.address(),
                    h.roles().stream().sorted().map(Role::word).collect(Collectors.joining(",")),
                    s.state().name().toLowerCase(Locale.ROOT),
                    agents == null ? "?" : a == null ? (h.has(Role.AGENT) ? "not joined" : "-") : "reporting",
                    a == null ? "-" : a.instances().size(),
                    a == null ? "-" : String.format(Locale.ROOT, "%.1f%%", a.cpuPercent()),
                    a == null ? "-" : mib(a.memUsedBytes()) + "/" + mib(a.memTotalBytes()) + " MiB");
        }
        t.print(out);
        for (HostState s : states) {
            if (!s.detail().isEmpty() && s.state() != HostState.State.UP) out.println(s.name() + ": " + s.detail());
        }
        if (agents == null) out.println("(no control plane at " + api.serverUri() + ": agent columns unknown)");
        return 0;
    }

    /** The control plane's agents by host; null when it does not answer. */
    private Map<String, AgentReport> agents() throws Exception {
        try {
            return api.client().getList("/api/v1/agents", AgentReport.class).stream()
                    .collect(Collectors.toMap(AgentReport::host, Function.identity(), (a, b) -> b));
        } catch (UnreachableException | CliException e) {
            return null;
        }
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }
}
