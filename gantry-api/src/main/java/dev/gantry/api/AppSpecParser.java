package dev.gantry.api;

import java.io.StringReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads {@code gantry.yml}. Errors name the field and the line: {@code instances: must be >= 1 (gantry.yml line 4)}.
 * Unknown keys are errors, with a suggestion when a known key is close.
 */
public final class AppSpecParser {
    static final Set<String> TOP_KEYS = Set.of(
            "name",
            "build",
            "test",
            "run",
            "health",
            "instances",
            "route",
            "env",
            "health_timeout",
            "grace",
            "logs",
            "resources",
            "user",
            "strategy",
            "autoscale");
    static final Set<String> ROUTE_KEYS = Set.of("host", "path", "tls", "tls_redirect");
    static final Set<String> LOG_KEYS = Set.of("max_size", "max_files");
    static final Set<String> RESOURCE_KEYS = Set.of("memory", "cpu");
    private static final Pattern CORES = Pattern.compile("\\d{1,4}(\\.\\d{1,3})?");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,9})(Ki|Mi|Gi)?");

    private final String source;
    private final SpecReader in;

    private AppSpecParser(String source) {
        this.source = source;
        this.in = new SpecReader(source);
    }

    public static AppSpec parse(String yaml) {
        return parse(yaml, "gantry.yml");
    }

    public static AppSpec parse(String yaml, String source) {
        return new AppSpecParser(source).read(yaml);
    }

    private AppSpec read(String yaml) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            root = new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new SpecException(List.of("invalid YAML: " + e.getProblem() + " (" + source + " line " + line + ")"));
        } catch (RuntimeException e) {
            throw new SpecException(List.of("invalid YAML: " + e.getMessage() + " (" + source + ")"));
        }
        if (!(root instanceof MappingNode map)) {
            throw new SpecException(List.of("expected a mapping of keys such as name, run, instances (" + source
                    + (root == null ? ", which is empty)" : " line " + SpecReader.line(root) + ")")));
        }
        Map<String, Node> fields = in.fields(map, "", TOP_KEYS);
        AppSpec spec = build(fields, map);
        if (!in.ok()) throw new SpecException(in.problems());
        return spec;
    }

    private AppSpec build(Map<String, Node> f, MappingNode root) {
        String name = required(f, "name", root);
        String run = required(f, "run", root);
        String build = optional(f, "build");
        String test = optional(f, "test");
        String health = optional(f, "health");
        if (health != null && !health.startsWith("/"))
            in.problem("health", f.get("health"), "must start with /, was " + health);
        if (name != null && !name.matches("[a-z][a-z0-9-]{0,62}")) {
            in.problem(
                    "name",
                    f.get("name"),
                    "must be lowercase letters, digits and dashes, starting with a letter, was " + name);
        }
        int instances = integer(f, "instances", 1);
        if (f.containsKey("instances") && instances < 1)
            in.problem("instances", f.get("instances"), "must be >= 1, was " + instances);
        AppSpec.RouteSpec route = route(f.get("route"), name);
        Map<String, String> env = env(f.get("env"));
        Duration healthTimeout = duration(f, "health_timeout", Duration.ofSeconds(60));
        Duration grace = duration(f, "grace", Duration.ofSeconds(10));
        AppSpec.LogSpec logs = logs(f.get("logs"));
        AppSpec.Resources resources = resources(f.get("resources"));
        String user = optional(f, "user");
        String userProblem = AppSpec.userProblem(user);
        if (userProblem != null) in.problem("user", f.get("user"), userProblem);
        Strategy strategy = new StrategyParser(in, instances).read(f.get("strategy"));
        unsupported(f, "autoscale", "autoscaling is not available yet; remove the autoscale key");
        if (!in.ok()) return null;
        return new AppSpec(
                name,
                build,
                test,
                run,
                health,
                instances,
                route,
                env,
                healthTimeout,
                grace,
                logs,
                resources,
                user,
                strategy);
    }

    private String required(Map<String, Node> f, String key, Node parent) {
        if (!f.containsKey(key)) {
            in.missing(key, "is required");
            return null;
        }
        String v = optional(f, key);
        if (v == null || v.isBlank()) in.problem(key, f.get(key), "must not be empty");
        return v;
    }

    private String optional(Map<String, Node> f, String key) {
        Node n = f.get(key);
        if (n == null) return null;
        if (n instanceof ScalarNode s)
            return s.getValue().isEmpty() || s.getValue().equals("null") ? null : s.getValue();
        in.problem(key, n, "must be a single value, not a list or mapping");
        return null;
    }

    private int integer(Map<String, Node> f, String key, int dflt) {
        return wholeNumber(optional(f, key), key, f.get(key), dflt);
    }

    private int wholeNumber(String v, String field, Node at, int dflt) {
        if (v == null) return dflt;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            in.problem(field, at, "must be a whole number, was " + v);
            return dflt;
        }
    }

    private Duration duration(Map<String, Node> f, String key, Duration dflt) {
        String v = optional(f, key);
        if (v == null) return dflt;
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            in.problem(key, f.get(key), e.getMessage());
            return dflt;
        }
    }

    private boolean bool(Map<String, Node> f, String key, String field, boolean dflt) {
        String v = in.scalar(f.get(key), field);
        if (v == null) return dflt;
        if (v.equals("true")) return true;
        if (v.equals("false")) return false;
        in.problem(field, f.get(key), "must be true or false, was " + v);
        return dflt;
    }

    private AppSpec.RouteSpec route(Node node, String name) {
        if (node == null) return name == null ? null : new AppSpec.RouteSpec(name + ".localhost", "/", false, false);
        if (!(node instanceof MappingNode map)) {
            in.problem("route", node, "must be a mapping like { host: app.localhost, path: / }");
            return null;
        }
        Map<String, Node> f = in.fields(map, "route.", ROUTE_KEYS);
        String host = in.scalar(f.get("host"), "route.host");
        String path = in.scalar(f.get("path"), "route.path");
        if (host == null) host = name == null ? "app.localhost" : name + ".localhost";
        if (path != null && !path.startsWith("/"))
            in.problem("route.path", f.get("path"), "must start with /, was " + path);
        if (f.containsKey("host") && !host.matches("[A-Za-z0-9.-]+"))
            in.problem("route.host", f.get("host"), "must be a host name, was " + host);
        boolean tls = bool(f, "tls", "route.tls", false);
        boolean tlsRedirect = bool(f, "tls_redirect", "route.tls_redirect", tls);
        if (tlsRedirect && !tls) in.problem("route.tls_redirect", f.get("tls_redirect"), "needs tls: true");
        return in.ok() ? new AppSpec.RouteSpec(host, path, tls, tlsRedirect) : null;
    }

    private AppSpec.LogSpec logs(Node node) {
        AppSpec.LogSpec dflt = AppSpec.LogSpec.DEFAULT;
        if (node == null) return dflt;
        if (!(node instanceof MappingNode map)) {
            in.problem("logs", node, "must be a mapping like { max_size: 10Mi, max_files: 5 }");
            return dflt;
        }
        Map<String, Node> f = in.fields(map, "logs.", LOG_KEYS);
        long maxSize = size(f.get("max_size"), "logs.max_size", dflt.maxSize());
        if (maxSize < AppSpec.LogSpec.MIN_SIZE)
            in.problem("logs.max_size", f.get("max_size"), "must be at least 1Ki, was " + maxSize);
        int maxFiles = wholeNumber(
                in.scalar(f.get("max_files"), "logs.max_files"), "logs.max_files", f.get("max_files"), dflt.maxFiles());
        if (maxFiles < 1 || maxFiles > AppSpec.LogSpec.MAX_FILES) {
            in.problem(
                    "logs.max_files",
                    f.get("max_files"),
                    "must be 1.." + AppSpec.LogSpec.MAX_FILES + ", was " + maxFiles);
        }
        return in.ok() ? new AppSpec.LogSpec(maxSize, maxFiles) : dflt;
    }

    private AppSpec.Resources resources(Node node) {
        if (node == null) return AppSpec.Resources.NONE;
        if (!(node instanceof MappingNode map)) {
            in.problem("resources", node, "must be a mapping like { memory: 256Mi, cpu: 0.5 }");
            return AppSpec.Resources.NONE;
        }
        Map<String, Node> f = in.fields(map, "resources.", RESOURCE_KEYS);
        int before = in.count();
        long memory = size(f.get("memory"), "resources.memory", 0);
        if (f.containsKey("memory") && in.count() == before && memory < AppSpec.Resources.MIN_MEMORY) {
            in.problem(
                    "resources.memory",
                    f.get("memory"),
                    "must be at least 16Mi, was " + in.scalar(f.get("memory"), "resources.memory"));
        }
        double cpu = cores(f.get("cpu"));
        return in.ok() ? new AppSpec.Resources(memory, cpu) : AppSpec.Resources.NONE;
    }

    /** A number of cores with up to three decimals: {@code 0.5}, {@code 2}, {@code 0.25}. */
    private double cores(Node node) {
        String v = in.scalar(node, "resources.cpu");
        if (v == null) return 0;
        if (!CORES.matcher(v.trim()).matches()) {
            in.problem("resources.cpu", node, "must be a number of cores like 0.5 or 2, was " + v);
            return 0;
        }
        double cpu = Double.parseDouble(v.trim());
        if (cpu < AppSpec.Resources.MIN_CPU || cpu > AppSpec.Resources.MAX_CPU) {
            in.problem("resources.cpu", node, "must be 0.01..1024 cores, was " + v);
            return 0;
        }
        return cpu;
    }

    /** Bytes, with an optional binary unit: {@code 4096}, {@code 512Ki}, {@code 10Mi}, {@code 1Gi}. */
    private long size(Node node, String field, long dflt) {
        String v = in.scalar(node, field);
        if (v == null) return dflt;
        Matcher m = SIZE.matcher(v.trim());
        if (!m.matches()) {
            in.problem(field, node, "must be a size like 512Ki, 10Mi or 1Gi, was " + v);
            return dflt;
        }
        int shift = m.group(2) == null
                ? 0
                : switch (m.group(2)) {
                    case "Ki" -> 10;
                    case "Mi" -> 20;
                    default -> 30;
                };
        return Long.parseLong(m.group(1)) << shift;
    }

    private Map<String, String> env(Node node) {
        if (node == null) return Map.of();
        if (!(node instanceof MappingNode map)) {
            in.problem("env", node, "must be a mapping of NAME: value");
            return Map.of();
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String k = in.scalar(t.getKeyNode(), "env");
            String v = in.scalar(t.getValueNode(), "env." + k);
            if (k != null && !k.matches("[A-Za-z_][A-Za-z0-9_]*"))
                in.problem("env." + k, t.getKeyNode(), "is not a valid variable name");
            else if (k != null) env.put(k, v == null ? "" : v);
        }
        return env;
    }

    private void unsupported(Map<String, Node> f, String key, String why) {
        if (f.containsKey(key)) in.problem(key, f.get(key), why);
    }
}
