package dev.gantry.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the robustness corpus against the router (started here, in front of a {@link RecordingBackend}
 * on {@code backendPort}) and, when given, against an nginx already proxying to that port, and prints
 * the two side by side. For bench/router/robustness.sh.
 * Args: backendPort [nginxPort]. Exit status 1 when the router fails a case not in
 * {@link RobustnessSuiteTest#KNOWN_FAILING} (also those with env STRICT=1), else 0.
 */
public final class RobustnessTableMain {
    private static final String ROW = "%-36s %-28s %-24s %-6s %-24s %-6s%n";

    private RobustnessTableMain() {}

    public static void main(String[] args) throws Exception {
        int backendPort = Integer.parseInt(args[0]);
        Integer nginxPort = args.length > 1 ? Integer.valueOf(args[1]) : null;
        boolean strict = "1".equals(System.getenv("STRICT"));
        List<RobustnessCase> cases = RobustnessCorpus.load();
        Map<String, List<String>> notes = new LinkedHashMap<>();
        int routerFailures = 0;
        int known = 0;
        try (RobustnessRig rig = RobustnessRig.start(new RecordingBackend(backendPort), 0)) {
            RobustnessProbe router = rig.probe();
            RobustnessProbe nginx = nginxPort == null ? null : new RobustnessProbe(nginxPort, rig.backend);
            System.out.printf(ROW, "case", "expected", "router", "", nginx == null ? "" : "nginx", "");
            for (RobustnessCase c : cases) {
                RobustnessProbe.Outcome r = router.run(c);
                RobustnessProbe.Outcome n = nginx == null ? null : nginx.run(c);
                List<String> rp = c.problems(r);
                List<String> np = n == null ? List.of() : c.problems(n);
                boolean isKnown = RobustnessSuiteTest.KNOWN_FAILING.contains(c.name());
                if (!rp.isEmpty() && isKnown) known++;
                if (!rp.isEmpty() && (strict || !isKnown)) routerFailures++;
                System.out.printf(
                        ROW,
                        c.name(),
                        c.expected(),
                        r.summary(),
                        verdict(rp, isKnown),
                        n == null ? "" : n.summary(),
                        n == null ? "" : verdict(np, false));
                if (!rp.isEmpty()) notes.put("router " + c.name(), rp);
                if (!np.isEmpty()) notes.put("nginx  " + c.name(), np);
            }
        }
        printNotes(notes);
        System.out.printf(
                "%n%d cases; router: %d failing outside KNOWN_FAILING, %d known failing%n",
                cases.size(), routerFailures, known);
        System.exit(routerFailures == 0 ? 0 : 1);
    }

    private static String verdict(List<String> problems, boolean known) {
        if (problems.isEmpty()) return known ? "ok*" : "ok";
        return known ? "known" : "FAIL";
    }

    private static void printNotes(Map<String, List<String>> notes) {
        if (notes.isEmpty()) return;
        System.out.println();
        System.out.println("What went wrong (ok* = passes although listed in KNOWN_FAILING; known = listed there):");
        List<String> lines = new ArrayList<>();
        notes.forEach((k, v) -> lines.add(k + ": " + String.join("; ", v)));
        lines.forEach(l -> System.out.println(l.length() > 400 ? l.substring(0, 400) + "..." : l));
    }
}
