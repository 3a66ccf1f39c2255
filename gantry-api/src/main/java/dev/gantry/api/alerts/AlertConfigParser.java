package dev.gantry.api.alerts;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads an alerts file (YAML) into an {@link AlertConfig}. Every problem names the field and the line:
 * {@code rules[cpu].for: must be a duration like 500ms, 30s, 2m, 1h or 30d, was -5s (alerts.yml line 9)};
 * all of them are reported at once.
 *
 * <pre>
 * smtp: {host: smtp.example.com, port: 587, tls: starttls, from: gantry@example.com,
 *        user: alerts, passwordEnv: SMTP_PASSWORD, ca: /etc/gantry/smtp-ca.pem}
 * routes:
 *   - {name: ops, email: [ops@example.com]}
 *   - {name: pager, webhook: https://hooks.example.com/gantry, secretEnv: HOOK_SECRET}
 * rules:
 *   - {name: instance-cpu, disabled: true}       # turns a default off
 *   - {name: web-slow-errors, metric: error_rate, scope: app, above: 2, for: 5m, severity: critical, routes: [pager]}
 * repeat: 4h
 * </pre>
 */
public final class AlertConfigParser {
    private final String source;
    private final List<String> problems = new ArrayList<>();

    private AlertConfigParser(String source) {
        this.source = source;
    }

    /** The config in {@code text}; IllegalArgumentException listing every problem, one a line. */
    public static AlertConfig parse(String text, String source) {
        return new AlertConfigParser(source).read(text);
    }

    private AlertConfig read(String text) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new IllegalArgumentException(
                    source + " line " + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem());
        }
        if (root == null) return AlertConfig.NONE;
        if (!(root instanceof MappingNode map)) throw new IllegalArgumentException(source + ": must be a mapping");
        Map<String, Node> top = fields(map, "", List.of("smtp", "routes", "rules", "repeat"));
        Smtp smtp = top.containsKey("smtp") ? one(top.get("smtp"), "smtp", this::smtp) : null;
        List<NotifyRoute> routes = list(top.get("routes"), "routes", this::route);
        List<AlertRule> rules = list(top.get("rules"), "rules", this::rule);
        String repeat = top.containsKey("repeat") ? scalar(top.get("repeat")) : null;
        if (problems.isEmpty()) {
            try {
                return new AlertConfig(smtp, routes.isEmpty() ? AlertConfig.NONE.routes() : routes, rules, repeat);
            } catch (IllegalArgumentException e) {
                problem(e.getMessage(), root);
            }
        }
        throw new IllegalArgumentException(String.join("\n", problems));
    }

    private Smtp smtp(Map<String, Node> f) {
        return new Smtp(
                str(f, "host"),
                num(f, "port", 587),
                str(f, "tls"),
                str(f, "from"),
                str(f, "user"),
                str(f, "passwordFile"),
                str(f, "passwordEnv"),
                str(f, "ca"));
    }

    private NotifyRoute route(Map<String, Node> f) {
        return new NotifyRoute(
                str(f, "name"),
                strings(f.get("email")),
                str(f, "webhook"),
                str(f, "secretFile"),
                str(f, "secretEnv"),
                Boolean.parseBoolean(str(f, "log")));
    }

    private AlertRule rule(Map<String, Node> f) {
        String name = str(f, "name");
        boolean disabled = Boolean.parseBoolean(str(f, "disabled"));
        AlertRule builtIn = AlertRule.defaults().stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElse(null);
        if (builtIn != null && f.keySet().stream().allMatch(k -> k.equals("name") || k.equals("disabled")))
            return disabled ? builtIn.off() : builtIn;
        String comparison = f.containsKey("below") ? "below" : "above";
        String threshold = str(f, comparison);
        double value;
        try {
            value = threshold == null ? 0 : Double.parseDouble(threshold);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "rules[" + name + "]." + comparison + ": must be a number, was " + threshold);
        }
        return new AlertRule(
                name,
                str(f, "metric"),
                str(f, "scope"),
                comparison,
                value,
                str(f, "for"),
                str(f, "severity"),
                labels(f.get("labels")),
                strings(f.get("routes")),
                disabled);
    }

    private static final Map<String, List<String>> KEYS = Map.of(
            "smtp", List.of("host", "port", "tls", "from", "user", "passwordFile", "passwordEnv", "ca"),
            "routes", List.of("name", "email", "webhook", "secretFile", "secretEnv", "log"),
            "rules",
                    List.of(
                            "name",
                            "metric",
                            "scope",
                            "above",
                            "below",
                            "for",
                            "severity",
                            "labels",
                            "routes",
                            "disabled"));

    private <T> T one(Node n, String field, java.util.function.Function<Map<String, Node>, T> make) {
        if (!(n instanceof MappingNode m)) {
            problem(field + ": must be a mapping", n);
            return null;
        }
        Map<String, Node> f = fields(m, field + ".", KEYS.get(field));
        try {
            return make.apply(f);
        } catch (IllegalArgumentException e) {
            problem(e.getMessage(), at(e.getMessage(), f, m));
            return null;
        }
    }

    private <T> List<T> list(Node n, String field, java.util.function.Function<Map<String, Node>, T> make) {
        List<T> out = new ArrayList<>();
        if (n == null) return out;
        if (!(n instanceof SequenceNode seq)) {
            problem(field + ": must be a list", n);
            return out;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            if (!(item instanceof MappingNode m)) {
                problem(field + "[" + i + "]: must be a mapping", item);
                continue;
            }
            Map<String, Node> f = fields(m, field + "[" + i + "].", KEYS.get(field));
            try {
                out.add(make.apply(f));
            } catch (IllegalArgumentException e) {
                problem(
                        e.getMessage().startsWith("name:") ? field + "[" + i + "]." + e.getMessage() : e.getMessage(),
                        at(e.getMessage(), f, m));
            }
        }
        return out;
    }

    /** The node of the field a message names ({@code rules[x].for: ...}), else the whole item. */
    private static Node at(String message, Map<String, Node> fields, Node item) {
        String head = message.substring(0, Math.max(0, message.indexOf(':')));
        String field = head.substring(head.lastIndexOf('.') + 1).replaceAll("\\[\\d+]$", "");
        if (field.equals("threshold")) field = fields.containsKey("below") ? "below" : "above";
        return fields.getOrDefault(field, item);
    }

    private Map<String, Node> fields(MappingNode map, String prefix, List<String> known) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String k = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
            if (!known.contains(k)) problem(prefix + k + ": unknown key, known: " + known, t.getKeyNode());
            else if (out.containsKey(k)) problem(prefix + k + ": appears twice", t.getKeyNode());
            else out.put(k, t.getValueNode());
        }
        return out;
    }

    private static String str(Map<String, Node> f, String key) {
        return scalar(f.get(key));
    }

    private static int num(Map<String, Node> f, String key, int otherwise) {
        String s = str(f, key);
        if (s == null) return otherwise;
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": must be a whole number, was " + s);
        }
    }

    private static String scalar(Node n) {
        if (n == null) return null;
        if (n instanceof ScalarNode s) return s.getValue();
        throw new IllegalArgumentException("must be a single value");
    }

    private static List<String> strings(Node n) {
        if (n == null) return null;
        if (n instanceof ScalarNode s) return List.of(s.getValue());
        if (!(n instanceof SequenceNode seq)) throw new IllegalArgumentException("must be a list of values");
        return seq.getValue().stream().map(AlertConfigParser::scalar).toList();
    }

    private static Map<String, String> labels(Node n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n instanceof MappingNode m)
            for (NodeTuple t : m.getValue()) out.put(scalar(t.getKeyNode()), scalar(t.getValueNode()));
        return out;
    }

    private void problem(String message, Node at) {
        int line =
                at == null || at.getStartMark() == null ? 1 : at.getStartMark().getLine() + 1;
        problems.add(message + " (" + source + " line " + line + ")");
    }
}
