package dev.gantry.markdown;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gantry.markdown.marked.BlockLexer;
import dev.gantry.markdown.marked.Budget;
import dev.gantry.markdown.marked.Parser;
import dev.gantry.markdown.marqdown.Marqdown;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders-per-second harness for bench/markdown/run.sh (not a test). Usage:
 * {@code RenderBenchmark CORPUS.json marked|marqdown WARMUP_SECONDS MEASURE_SECONDS}.
 * "marked" renders each case's survey body with the marked port only (like-for-like with node's
 * marked 0.8.0); "marqdown" runs the whole pipeline on the full input. Cases the original rejects
 * are left out. Prints one line: {@code mode renders_per_second N renders_per_cpu_second M}, where
 * the second figure divides by the process CPU time (JIT and GC threads included), which stays
 * meaningful when other processes share the core.
 */
public final class RenderBenchmark {
    private RenderBenchmark() {}

    public static void main(String[] args) throws Exception {
        JsonNode corpus = new ObjectMapper().readTree(Files.readString(Path.of(args[0])));
        boolean markedOnly = args[1].equals("marked");
        List<String> inputs = new ArrayList<>();
        for (JsonNode c : corpus) {
            if (!c.get("html").isNull()) {
                String md = c.get("markdown").textValue();
                inputs.add(markedOnly ? body(md) : md);
            }
        }
        run(inputs, markedOnly, Double.parseDouble(args[2]));
        var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        long renders = run(inputs, markedOnly, Double.parseDouble(args[3]));
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        System.out.printf(
                "%s renders_per_second %.0f renders_per_cpu_second %.0f%n", args[1], renders / wall, renders / cpu);
    }

    /** The survey body marqdown hands to marked: the lines after the first {@code ---} line, each + "\n". */
    public static String body(String markdown) {
        String[] lines = markdown.split("\n", -1);
        int k = 0;
        while (!lines[k].startsWith("---")) {
            k++;
        }
        StringBuilder b = new StringBuilder();
        for (int i = k + 1; i < lines.length; i++) {
            b.append(lines[i]).append('\n');
        }
        return b.toString();
    }

    private static long run(List<String> inputs, boolean markedOnly, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long renders = 0;
        int sink = 0;
        while (System.nanoTime() < end) {
            for (String in : inputs) {
                String html = markedOnly
                        ? Parser.parse(BlockLexer.lex(in, 1, Budget.UNLIMITED), Budget.UNLIMITED)
                        : Marqdown.render(in, Budget.UNLIMITED);
                sink += html.length();
                renders++;
            }
        }
        if (sink == 42) {
            System.out.println();
        }
        return renders;
    }
}
