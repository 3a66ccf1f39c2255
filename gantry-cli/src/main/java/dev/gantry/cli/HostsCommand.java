package dev.gantry.cli;

import dev.gantry.api.AgentReport;
import dev.gantry.api.HostStatus;
import dev.gantry.api.client.UnreachableException;
import dev.gantry.fleet.Environment;
import dev.gantry.fleet.Fleet;
import dev.gantry.fleet.Host;
import dev.gantry.fleet.HostState;
import dev.gantry.fleet.Role;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "hosts",
        description = "List an environment's hosts: address, roles, state (from the provider: up, unreachable with "
                + "the reason, absent), and from the control plane's agents list when it answers: the agent's "
                + "version (or 'not joined', or 'lost' when its agent is silent past the failover deadline), its instances, "
                + "the host's CPU count, CPU use and memory.")
final class HostsCommand implements Callable<Integer> {
    @Mixin
    EnvironmentOptions environment;

    @Mixin
    ApiOptions api;

    @Mixin
    OutputFormat output;

    /**
     * One host as {@code -o json} prints it.
     *
     * @param agent the control plane's latest report of the host's agent; null when it has none or does not answer
     */
    record HostView(String host, String address, List<String> roles, String state, String detail, AgentReport agent) {}

    @Override
    public Integer call() throws Exception {
        Environment env = environment.load();
        Fleet fleet = new Fleet(api.dataDir());
        List<HostState> states;
        try {
            states = fleet.hosts(env);
        } catch (IllegalStateException | IllegalArgumentException e) { // no API token
            throw new CliException(env.name() + ": " + e.getMessage());
        }
        Optional<HostState> control = states.stream()
                .filter(s -> env.host(s.name()).orElseThrow().has(Role.CONTROL) && s.address() != null)
                .findFirst();
        if (control.isPresent()) {
            Path dir = fleet.files(env.name()).dir();
            api.defaultTo(
                    UpCommand.controlUrl(control.get().address()),
                    dir.resolve("admin-token"),
                    dir.resolve("control-ca.crt"));
        }
        Map<String, AgentReport> agents = agents();
        List<HostView> views = states.stream()
                .map(s -> new HostView(
                        s.name(),
                        s.address(),
                        env.host(s.name()).orElseThrow().roles().stream()
                                .sorted()
                                .map(Role::word)
                                .toList(),
                        s.state().name().toLowerCase(Locale.ROOT),
                        s.detail(),
                        agents == null ? null : agents.get(s.name())))
                .toList();
        Map<String, HostStatus> seen = agents == null ? Map.of() : seen();
        output.print(views, out -> table(env, views, agents != null, seen, out));
        return 0;
    }

    private void table(
            Environment env, List<HostView> views, boolean answered, Map<String, HostStatus> seen, PrintWriter out) {
        Table t = new Table("HOST", "ADDRESS", "ROLES", "STATE", "AGENT", "INSTANCES", "CPUS", "CPU", "MEMORY");
        for (HostView v : views) {
            AgentReport a = v.agent();
            Host h = env.host(v.host()).orElseThrow();
            t.row(
                    v.host(),
                    v.address(),
                    String.join(",", v.roles()),
                    v.state(),
                    !answered ? "?" : a != null ? agent(a, seen.get(v.host())) : h.has(Role.AGENT) ? "not joined" : "-",
                    a == null ? "-" : a.instances().size(),
                    a == null || a.cpus() == 0 ? "-" : a.cpus(),
                    a == null ? "-" : String.format(Locale.ROOT, "%.1f%%", a.cpuPercent()),
                    a == null ? "-" : mib(a.memUsedBytes()) + "/" + mib(a.memTotalBytes()) + " MiB");
        }
        t.print(out);
        for (HostView v : views) {
            if (!v.detail().isEmpty() && !v.state().equals("up")) out.println(v.host() + ": " + v.detail());
        }
        if (!answered) out.println("(no control plane at " + api.serverUri() + ": agent columns unknown)");
    }

    /** The agent's version, or how long it has been silent when its host is lost. */
    private static String agent(AgentReport a, HostStatus status) {
        if (status == null || status.state() == HostStatus.State.UP) return version(a);
        return String.format(Locale.ROOT, "lost (silent %.1f s)", status.silentMillis() / 1000.0);
    }

    /** The control plane's view of each host with an agent: up, or lost to the failover; empty if it has none. */
    private Map<String, HostStatus> seen() {
        try {
            return api.client().getList("/api/v1/hosts", HostStatus.class).stream()
                    .collect(Collectors.toMap(HostStatus::host, Function.identity(), (a, b) -> b));
        } catch (java.io.IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /** The agent's version; "reporting" from an agent too old to say it. */
    private static String version(AgentReport a) {
        return a.version() == null ? "reporting" : a.version();
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
