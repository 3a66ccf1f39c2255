package dev.gantry.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The problems found while reading one gantry.yml, and the helpers that read its nodes and add them. Every problem
 * names the field path and the line: {@code route.path: must start with /, was api (gantry.yml line 4)}. Public so
 * that other YAML files of Gantry (environment files) report their problems the same way.
 */
public final class SpecReader {
    private final String source;
    private final List<String> problems = new ArrayList<>();

    public SpecReader(String source) {
        this.source = source;
    }

    /** The keys of a mapping with their values; unknown keys and keys given twice are problems. */
    public Map<String, Node> fields(MappingNode map, String prefix, Set<String> known) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                problem(prefix + "?", t.getKeyNode(), "keys must be plain words");
                continue;
            }
            String k = key.getValue();
            if (out.containsKey(k)) {
                problem(prefix + k, key, "appears twice");
            } else if (!known.contains(k)) {
                String hint = KeySuggestion.closest(k, known)
                        .map(s -> ", did you mean '" + s + "'?")
                        .orElse("");
                problem(prefix + k, key, "unknown key" + hint);
            } else {
                out.put(k, t.getValueNode());
            }
        }
        return out;
    }

    /** The text of a scalar; null for none; a list or mapping is a problem. */
    public String scalar(Node n, String field) {
        if (n == null) return null;
        if (n instanceof ScalarNode s) return s.getValue();
        problem(field, n, "must be a single value");
        return null;
    }

    public void problem(String field, Node at, String message) {
        problems.add(field + ": " + message + " (" + source + " line " + line(at) + ")");
    }

    /** A problem with no line to point at, such as a required key that is missing from the file. */
    public void missing(String field, String message) {
        problems.add(field + ": " + message + " (" + source + ")");
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    public int count() {
        return problems.size();
    }

    public List<String> problems() {
        return problems;
    }

    public static int line(Node n) {
        return n == null || n.getStartMark() == null ? 1 : n.getStartMark().getLine() + 1;
    }
}
