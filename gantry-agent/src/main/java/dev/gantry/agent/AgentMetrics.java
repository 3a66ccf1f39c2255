package dev.gantry.agent;

import dev.gantry.api.AgentReport;
import dev.gantry.api.InstanceState;
import dev.gantry.api.InstanceStatus;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's {@code /metrics} text: instances by state, and per instance its restarts, CPU, memory, limit,
 * readiness and OOM kills; the host's CPU and memory; health probes by outcome. In the Prometheus text format
 * (0.0.4), or OpenMetrics 1.0 when {@code openMetrics} (counters then declared without {@code _total}, and
 * {@code # EOF} at the end).
 */
final class AgentMetrics {
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private AgentMetrics() {}

    static String render(AgentReport report, HealthCheck health, boolean openMetrics) {
        Writer w = new Writer(openMetrics);
        Map<InstanceState, Integer> byState = new EnumMap<>(InstanceState.class);
        for (InstanceState s : InstanceState.values()) byState.put(s, 0);
        for (InstanceStatus i : report.instances()) byState.merge(i.state(), 1, Integer::sum);
        w.family("gantry_agent_instances", "gauge", "Instances on this host by state");
        byState.forEach((s, n) -> w.sample("gantry_agent_instances", "state=\"" + s.name() + "\"", n));
        instances(
                w,
                report,
                "gantry_agent_instance_restarts",
                "counter",
                "Restarts since the agent took it on",
                InstanceStatus::restarts);
        instances(
                w,
                report,
                "gantry_agent_instance_cpu_percent",
                "gauge",
                "CPU of its process tree, % of a core",
                InstanceStatus::cpuPercent);
        instances(
                w,
                report,
                "gantry_agent_instance_memory_bytes",
                "gauge",
                "Resident memory of its process tree",
                InstanceStatus::rssBytes);
        instances(
                w,
                report,
                "gantry_agent_instance_memory_limit_bytes",
                "gauge",
                "Its memory limit, 0 if none",
                InstanceStatus::memoryLimitBytes);
        instances(
                w,
                report,
                "gantry_agent_instance_ready",
                "gauge",
                "1 when it is ready",
                i -> i.state() == InstanceState.READY ? 1 : 0);
        instances(
                w,
                report,
                "gantry_agent_instance_oom_kills",
                "counter",
                "Processes killed by its memory limit",
                InstanceStatus::oomKills);
        w.family("gantry_agent_host_cpu_percent", "gauge", "CPU use of the host, percent of all cores");
        w.sample("gantry_agent_host_cpu_percent", "", report.cpuPercent());
        w.family("gantry_agent_host_memory_used_bytes", "gauge", "Memory in use on the host");
        w.sample("gantry_agent_host_memory_used_bytes", "", report.memUsedBytes());
        w.family("gantry_agent_host_memory_total_bytes", "gauge", "Memory of the host");
        w.sample("gantry_agent_host_memory_total_bytes", "", report.memTotalBytes());
        w.family("gantry_agent_health_probes", "counter", "Readiness probes answered, by outcome");
        w.sample("gantry_agent_health_probes", "outcome=\"healthy\"", health.probes(true));
        w.sample("gantry_agent_health_probes", "outcome=\"unhealthy\"", health.probes(false));
        return w.end();
    }

    private static void instances(
            Writer w,
            AgentReport report,
            String name,
            String type,
            String help,
            java.util.function.ToDoubleFunction<InstanceStatus> value) {
        w.family(name, type, help);
        for (InstanceStatus i : report.instances()) {
            String labels = "app=\"" + escape(i.app()) + "\",release=\"" + i.release() + "\",instance=\""
                    + escape(i.id()) + "\"";
            w.sample(name, labels, value.applyAsDouble(i));
        }
    }

    static String escape(String v) {
        return v == null ? "" : v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Writes families and samples; counters get {@code _total} on their samples. */
    private static final class Writer {
        private final boolean openMetrics;
        private final StringBuilder out = new StringBuilder(4096);
        private String counter;

        Writer(boolean openMetrics) {
            this.openMetrics = openMetrics;
        }

        void family(String name, String type, String help) {
            counter = type.equals("counter") ? name : null;
            String declared = type.equals("counter") && !openMetrics ? name + "_total" : name;
            out.append("# HELP ").append(declared).append(' ').append(help).append('\n');
            out.append("# TYPE ").append(declared).append(' ').append(type).append('\n');
        }

        void sample(String name, String labels, double value) {
            out.append(name.equals(counter) ? name + "_total" : name);
            if (!labels.isEmpty()) out.append('{').append(labels).append('}');
            out.append(' ').append(format(value)).append('\n');
        }

        String end() {
            if (openMetrics) out.append("# EOF\n");
            return out.toString();
        }

        private static String format(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15
                    ? Long.toString((long) v)
                    : String.format(Locale.ROOT, "%s", v);
        }
    }
}
