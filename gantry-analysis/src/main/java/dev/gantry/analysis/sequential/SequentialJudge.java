package dev.gantry.analysis.sequential;

import dev.gantry.api.canary.Decision;
import dev.gantry.api.canary.MetricVerdict;
import dev.gantry.api.canary.Verdict;
import dev.gantry.api.canary.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The default canary judge: at every analysis interval, an anytime-valid test per metric, so looking after every
 * window does not inflate false alarms (each test's guarantee holds at every look at once, by Ville's inequality on
 * a nonnegative test martingale).
 *
 * <ul>
 *   <li>errors: the canary/stable error-rate ratio on counts, Lindon and Malek (2022), {@link ErrorRatioTest};
 *   <li>latency: p50 and p95 of each arm, Howard and Ramdas (2022), {@link LatencyTest};
 *   <li>cpu and memory: the mean per-window difference, Howard, Ramdas, McAuliffe and Sekhon (2021),
 *       {@link ResourceTest}; skipped while unknown.
 * </ul>
 *
 * Alpha is split equally over the four metrics (Bonferroni), so the chance of ever rolling back a canary that is no
 * worse than stable is at most alpha. ROLLBACK when any metric says so; PROMOTE when every metric with data says so;
 * CONTINUE otherwise, and always below a metric's minimum sample. Stateful: each {@link #observe} adds one window;
 * once PROMOTE or ROLLBACK is reached, later calls repeat that verdict. Not thread-safe.
 */
public final class SequentialJudge {
    /** CPU increases below this many points of one core never count as a regression. */
    static final double CPU_FLOOR_PERCENT = 5;
    /** Memory increases below this never count as a regression. */
    static final double MEMORY_FLOOR_BYTES = 32 << 20;

    private final SequentialSettings settings;
    private final ErrorRatioTest errors;
    private final LatencyTest latency;
    private final ResourceTest cpu, memory;
    private int windows;
    private Verdict decided;
    private Verdict evidence;

    public SequentialJudge(SequentialSettings settings) {
        if (settings == null) throw new IllegalArgumentException("settings: is required");
        this.settings = settings;
        this.errors = new ErrorRatioTest(settings);
        this.latency = new LatencyTest(settings);
        this.cpu = new ResourceTest("cpu", "%", settings.cpuTolerance(), CPU_FLOOR_PERCENT, settings);
        this.memory = new ResourceTest("memory", "bytes", settings.memoryTolerance(), MEMORY_FLOOR_BYTES, settings);
    }

    /** Each window's verdict, each using only the windows up to it (a fresh judge over the list). */
    public static List<Verdict> judgeAll(SequentialSettings settings, List<Window> windows) {
        if (windows == null) throw new IllegalArgumentException("windows: is required");
        SequentialJudge judge = new SequentialJudge(settings);
        List<Verdict> verdicts = new ArrayList<>(windows.size());
        for (Window window : windows) verdicts.add(judge.observe(window));
        return verdicts;
    }

    /** Adds one analysis interval and answers using every window so far; a decision, once made, is repeated. */
    public Verdict observe(Window window) {
        if (window == null) throw new IllegalArgumentException("window: is required");
        windows++;
        errors.add(window.baseline(), window.canary());
        latency.add(window.baseline(), window.canary());
        cpu.add(window.baseline().cpuPercent(), window.canary().cpuPercent());
        memory.add(window.baseline().memoryBytes(), window.canary().memoryBytes());
        evidence = null;
        if (decided != null) return decided;
        Verdict verdict = evidence();
        if (verdict.decision() != Decision.CONTINUE) decided = verdict;
        return verdict;
    }

    /**
     * What the tests say on every window so far, as if no decision had been made yet: for audits, and for measuring
     * how often a test would have crossed at any look. Null before the first window.
     */
    public Verdict evidence() {
        if (windows == 0) return null;
        if (evidence == null) evidence = combine();
        return evidence;
    }

    /** The number of windows observed. */
    public int windows() {
        return windows;
    }

    private Verdict combine() {
        List<MetricVerdict> metrics = new ArrayList<>(4);
        metrics.add(errors.verdict());
        metrics.add(latency.hasData() ? latency.verdict() : skipped("latency", "no latency samples"));
        metrics.add(cpu.hasData() ? cpu.verdict() : skipped("cpu", "no CPU figures for both arms"));
        metrics.add(memory.hasData() ? memory.verdict() : skipped("memory", "no memory figures for both arms"));
        String after = " after " + windows + (windows == 1 ? " window" : " windows") + " at alpha " + settings.alpha();
        List<MetricVerdict> rollback = with(metrics, Decision.ROLLBACK), pending = with(metrics, Decision.CONTINUE);
        if (!rollback.isEmpty())
            return new Verdict(Decision.ROLLBACK, "rollback" + after + ": " + reasons(rollback), metrics);
        if (pending.isEmpty())
            return new Verdict(Decision.PROMOTE, "promote" + after + ": every metric is within its tolerance", metrics);
        return new Verdict(Decision.CONTINUE, "continue" + after + ": " + reasons(pending), metrics);
    }

    private static MetricVerdict skipped(String metric, String why) {
        return new MetricVerdict(metric, Decision.PROMOTE, "not judged: " + why, null);
    }

    private static List<MetricVerdict> with(List<MetricVerdict> metrics, Decision decision) {
        return metrics.stream().filter(m -> m.decision() == decision).toList();
    }

    private static String reasons(List<MetricVerdict> metrics) {
        return metrics.stream().map(m -> m.metric() + ": " + m.reason()).collect(Collectors.joining("; "));
    }
}
