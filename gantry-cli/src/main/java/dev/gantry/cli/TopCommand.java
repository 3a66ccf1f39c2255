package dev.gantry.cli;

import dev.gantry.api.AppSummary;
import dev.gantry.api.InstanceMetrics;
import dev.gantry.api.Json;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "top",
        description = "A live table of the running instances: state, CPU (percent of one core), memory, requests/s,"
                + " errors/s and error %%, p99 latency; refreshed every second, in place on a terminal. Ctrl-C quits.")
final class TopCommand implements Callable<Integer> {
    static final long PERIOD_MILLIS = 1_000;
    static final String HOME_AND_CLEAR = "\033[H\033[2J";
    static final String HIDE_CURSOR = "\033[?25l";
    static final String SHOW_CURSOR = "\033[?25h";

    /** The orders the table can be in, highest first. */
    enum Sort {
        cpu(i -> i.cpuPercent() == null ? null : i.cpuPercent()),
        memory(i -> i.memoryBytes() == null ? null : i.memoryBytes().doubleValue()),
        rps(InstanceMetrics::requestsPerSec),
        errors(InstanceMetrics::errorsPerSec),
        p99(InstanceMetrics::p99Millis);

        final Function<InstanceMetrics, Double> key;

        Sort(Function<InstanceMetrics, Double> key) {
            this.key = key;
        }
    }

    @Mixin
    ApiOptions api;

    @Mixin
    OutputFormat output;

    @Option(
            names = "--sort",
            paramLabel = "KEY",
            defaultValue = "cpu",
            description = "cpu, memory, rps, errors or p99, highest first (default ${DEFAULT-VALUE})")
    Sort sort;

    @Option(names = "--app", paramLabel = "APP", description = "only this app's instances")
    String app;

    @Option(names = "--once", description = "print one table and exit (scripts)")
    boolean once;

    @Override
    public Integer call() throws Exception {
        if (app != null)
            api.client().get("/api/v1/apps/" + app, AppSummary.class); // an unknown app is an error, not an empty table
        if (once) {
            List<InstanceMetrics> now = fetch();
            output.print(now, out -> table(now, out));
            return 0;
        }
        return output.format == OutputFormat.Format.table && onTerminal() ? inPlace() : successive();
    }

    /**
     * Whether standard input and output are a terminal: {@code System.console()} is null otherwise up to JDK 21, and
     * says so with {@code isTerminal()} (JDK 22, called by name as the code compiles for 21) where it is not.
     */
    static boolean onTerminal() {
        java.io.Console console = System.console();
        if (console == null) return false;
        try {
            return (boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Redraws the screen every second, the cursor hidden; Ctrl-C (a shutdown hook) shows it again. */
    private int inPlace() throws Exception {
        PrintWriter out = output.out();
        Thread restore = new Thread(() -> {
            out.print(SHOW_CURSOR);
            out.flush();
        });
        Runtime.getRuntime().addShutdownHook(restore);
        out.print(HIDE_CURSOR);
        try {
            for (long next = System.currentTimeMillis(); ; next += PERIOD_MILLIS) {
                List<InstanceMetrics> now = fetch();
                out.print(HOME_AND_CLEAR);
                header(now, out);
                table(now, out);
                out.flush();
                waitUntil(next + PERIOD_MILLIS);
            }
        } finally {
            out.print(SHOW_CURSOR);
            out.flush();
            Runtime.getRuntime().removeShutdownHook(restore);
        }
    }

    /** A table (or a JSON line, a YAML document) a second, one after another: output piped to a file or a program. */
    private int successive() throws Exception {
        PrintWriter out = output.out();
        for (long next = System.currentTimeMillis(); ; next += PERIOD_MILLIS) {
            List<InstanceMetrics> now = fetch();
            switch (output.format) {
                case table -> {
                    header(now, out);
                    table(now, out);
                    out.println();
                }
                case json -> out.println(Json.mapper().writeValueAsString(now));
                case yaml -> {
                    out.println("---");
                    output.print(now, OutputFormat.Format.yaml);
                }
            }
            out.flush();
            waitUntil(next + PERIOD_MILLIS);
        }
    }

    private List<InstanceMetrics> fetch() throws java.io.IOException {
        String path = "/api/v1/instances/metrics" + (app == null ? "" : "?app=" + app);
        return sorted(api.client().getList(path, InstanceMetrics.class), sort);
    }

    /** The refresh period, not a wait for a condition: the table is due again at {@code dueMillis}. */
    private static void waitUntil(long dueMillis) throws InterruptedException {
        long wait = dueMillis - System.currentTimeMillis();
        if (wait > 0) Thread.sleep(wait);
    }

    /** Highest first by {@code sort}, instances without a value last, ties by app and instance. */
    static List<InstanceMetrics> sorted(List<InstanceMetrics> instances, Sort sort) {
        Comparator<InstanceMetrics> byKey =
                Comparator.comparing(sort.key, Comparator.nullsLast(Comparator.<Double>reverseOrder()));
        return instances.stream()
                .sorted(byKey.thenComparing(InstanceMetrics::app).thenComparing(InstanceMetrics::instance))
                .toList();
    }

    private void header(List<InstanceMetrics> now, PrintWriter out) {
        String at = now.isEmpty()
                ? ""
                : DateTimeFormatter.ISO_LOCAL_TIME
                                .withZone(ZoneOffset.UTC)
                                .format(Instant.ofEpochMilli(now.get(0).second()))
                        + "Z  ";
        out.println("gantry top  " + at + now.size() + " instance" + (now.size() == 1 ? "" : "s") + "  sorted by "
                + sort + (app == null ? "" : "  app " + app) + "  (Ctrl-C quits)");
    }

    static void table(List<InstanceMetrics> instances, PrintWriter out) {
        Table t = new Table("APP", "INSTANCE", "HOST", "STATE", "CPU", "MEM", "REQ/S", "ERR/S", "ERR%", "P99");
        for (InstanceMetrics i : instances) {
            t.row(
                    i.app(),
                    i.instance(),
                    i.host(),
                    i.state(),
                    i.cpuPercent() == null ? "-" : format("%.0f%%", i.cpuPercent()),
                    i.memoryBytes() == null ? "-" : PsCommand.bytes(i.memoryBytes()),
                    format("%.1f", i.requestsPerSec()),
                    format("%.1f", i.errorsPerSec()),
                    i.requestsPerSec() == 0 ? "-" : format("%.1f%%", 100 * i.errorsPerSec() / i.requestsPerSec()),
                    i.p99Millis() == null ? "-" : format("%.0fms", i.p99Millis()));
        }
        t.print(out);
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
