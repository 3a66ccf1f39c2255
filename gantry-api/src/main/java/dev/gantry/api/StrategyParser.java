package dev.gantry.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the {@code strategy} key of gantry.yml: exactly one of {@code rolling}, {@code blueGreen} and
 * {@code canary}, each a mapping whose keys all have defaults (but a canary's {@code steps}). Absent, the strategy
 * is {@link Strategy#DEFAULT}. Problems name the field path and the line, such as
 * {@code strategy.canary.steps[1].weight: must be greater than 10 (weights increase step by step), was 5}.
 *
 * <p>{@code maxSurge} and {@code maxUnavailable} may be percents of {@code instances}, resolved here as Kubernetes
 * resolves them: the surge rounded up, the unavailable share rounded down, and when both come to 0 the update may
 * take one instance out at a time.
 */
final class StrategyParser {
    static final Set<String> KINDS = Set.of("rolling", "blueGreen", "canary");
    static final Set<String> ROLLING_KEYS = Set.of("maxSurge", "maxUnavailable");
    static final Set<String> BLUE_GREEN_KEYS = Set.of("verify", "rollbackWindow");
    static final Set<String> CANARY_KEYS = Set.of("steps", "analysis", "onFailure", "sticky");
    static final Set<String> STEP_KEYS = Set.of("weight", "pause");
    static final Set<String> ANALYSIS_KEYS =
            Set.of("interval", "judge", "alpha", "errorBurst", "pass", "marginal", "timeout");
    private static final Pattern COUNT = Pattern.compile("-?\\d{1,9}");
    private static final Pattern PERCENT = Pattern.compile("(-?\\d{1,9})%");
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,9}(\\.\\d{1,9})?");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d{1,9}");

    private final SpecReader in;
    private final int instances;

    /** Reads into {@code in}'s problems; {@code instances} resolves the percents of a rolling update. */
    StrategyParser(SpecReader in, int instances) {
        this.in = in;
        this.instances = instances;
    }

    /** The strategy of the node under {@code strategy}; null for none (then the spec takes the default). */
    Strategy read(Node node) {
        if (node == null || isNull(node)) return null;
        if (!(node instanceof MappingNode map)) {
            in.problem(
                    "strategy",
                    node,
                    "must be a mapping naming one of rolling, blueGreen or canary, like { blueGreen: { verify: /smoke } }"
                            + was(node));
            return null;
        }
        Map<String, Node> f = in.fields(map, "strategy.", KINDS);
        if (f.size() > 1) {
            in.problem(
                    "strategy",
                    node,
                    "give exactly one of rolling, blueGreen or canary, was " + String.join(" and ", f.keySet()));
            return null;
        }
        if (f.isEmpty()) {
            if (map.getValue().isEmpty()) in.problem("strategy", node, "must name one of rolling, blueGreen or canary");
            return null;
        }
        int before = in.count();
        Strategy strategy = switch (f.keySet().iterator().next()) {
            case "rolling" -> rolling(f.get("rolling"));
            case "blueGreen" -> blueGreen(f.get("blueGreen"));
            default -> canary(f.get("canary"));
        };
        return in.count() == before ? strategy : null;
    }

    private Strategy.Rolling rolling(Node node) {
        Map<String, Node> f = settings(node, "strategy.rolling", ROLLING_KEYS, "{ maxSurge: 1, maxUnavailable: 0 }");
        if (f == null) return null;
        int before = in.count();
        Integer surge = share(f.get("maxSurge"), "strategy.rolling.maxSurge", 1, true);
        Integer unavailable = share(f.get("maxUnavailable"), "strategy.rolling.maxUnavailable", 0, false);
        if (in.count() > before) return null;
        if (surge == 0 && unavailable == 0) {
            boolean percents = percent(f.get("maxSurge")) || percent(f.get("maxUnavailable"));
            if (!percents) {
                in.problem(
                        "strategy.rolling",
                        node,
                        "maxSurge and maxUnavailable must not both be 0 (no instance could ever be replaced)");
                return null;
            }
            unavailable = 1;
        }
        return new Strategy.Rolling(surge, unavailable);
    }

    /** A count of instances, or a percent of {@code instances} rounded up (surge) or down (unavailable). */
    private Integer share(Node node, String field, int dflt, boolean roundUp) {
        String v = in.scalar(node, field);
        if (v == null || isNull(node)) return dflt;
        String t = v.trim();
        Matcher p = PERCENT.matcher(t);
        if (p.matches()) {
            int percent = Integer.parseInt(p.group(1));
            if (percent < 0 || percent > 100) {
                in.problem(field, node, "must be a percent of instances from 0% to 100%, was " + v);
                return null;
            }
            int hundredths = percent * instances;
            return roundUp ? (hundredths + 99) / 100 : hundredths / 100;
        }
        if (!COUNT.matcher(t).matches()) {
            in.problem(field, node, "must be a number of instances like 1 or a percent of them like 25%, was " + v);
            return null;
        }
        int count = Integer.parseInt(t);
        if (count < 0) {
            in.problem(field, node, "must be >= 0, was " + v);
            return null;
        }
        return count;
    }

    private Strategy.BlueGreen blueGreen(Node node) {
        Map<String, Node> f = settings(node, "strategy.blueGreen", BLUE_GREEN_KEYS, "{ verify: /smoke }");
        if (f == null) return null;
        String verify = in.scalar(f.get("verify"), "strategy.blueGreen.verify");
        boolean manual = "manual".equals(verify);
        if (verify != null && !manual && !verify.startsWith("/")) {
            in.problem(
                    "strategy.blueGreen.verify",
                    f.get("verify"),
                    "must be a path starting with / (every new instance must answer it with 2xx) or manual (wait for"
                            + " gantry promote), was " + verify);
            return null;
        }
        Duration window = duration(f.get("rollbackWindow"), "strategy.blueGreen.rollbackWindow", null);
        return new Strategy.BlueGreen(manual ? null : verify, manual, window);
    }

    private Strategy.Canary canary(Node node) {
        String at = "strategy.canary";
        Map<String, Node> f = settings(node, at, CANARY_KEYS, "{ steps: [ {weight: 10, pause: 30s}, {weight: 100} ] }");
        if (f == null) return null;
        int before = in.count();
        List<Strategy.CanaryStep> steps = steps(f.get("steps"), node);
        Strategy.Analysis analysis = analysis(f.get("analysis"));
        Strategy.OnFailure onFailure =
                choice(f.get("onFailure"), at + ".onFailure", Strategy.OnFailure.class, Strategy.OnFailure.ABORT);
        boolean sticky = bool(f.get("sticky"), at + ".sticky");
        if (in.count() > before) return null;
        return new Strategy.Canary(steps, analysis, onFailure, sticky);
    }

    private List<Strategy.CanaryStep> steps(Node node, Node canary) {
        String field = "strategy.canary.steps";
        if (node == null) {
            in.problem(field, canary, "is required, like [ {weight: 10, pause: 30s}, {weight: 100} ]");
            return null;
        }
        if (!(node instanceof SequenceNode list)) {
            in.problem(field, node, "must be a list like [ {weight: 10, pause: 30s}, {weight: 100} ]" + was(node));
            return null;
        }
        if (list.getValue().isEmpty()) {
            in.problem(field, node, "must have at least one step, like [ {weight: 10, pause: 30s} ]");
            return null;
        }
        List<Strategy.CanaryStep> steps = new ArrayList<>();
        int previous = 0;
        for (int i = 0; i < list.getValue().size(); i++) {
            Strategy.CanaryStep step = step(list.getValue().get(i), field + "[" + i + "]", previous);
            if (step != null) {
                steps.add(step);
                previous = step.weight();
            }
        }
        return steps;
    }

    /** One step; its weight must be above {@code previous}, the weight of the step before it. */
    private Strategy.CanaryStep step(Node node, String field, int previous) {
        if (!(node instanceof MappingNode map)) {
            in.problem(field, node, "must be a mapping like {weight: 10, pause: 30s}" + was(node));
            return null;
        }
        int before = in.count();
        Map<String, Node> f = in.fields(map, field + ".", STEP_KEYS);
        if (in.count() > before) return null;
        Node w = f.get("weight");
        if (w == null) {
            in.problem(field + ".weight", node, "is required: the percent of requests the canary gets, 1..100");
            return null;
        }
        String v = in.scalar(w, field + ".weight");
        if (v == null) return null;
        String t = v.trim().endsWith("%") ? v.trim().substring(0, v.trim().length() - 1) : v.trim();
        if (!COUNT.matcher(t).matches()) {
            in.problem(field + ".weight", w, "must be a whole percent 1..100, was " + v);
            return null;
        }
        int weight = Integer.parseInt(t);
        if (weight < 1 || weight > 100) {
            in.problem(field + ".weight", w, "must be 1..100 (percent of requests), was " + v);
            return null;
        }
        if (weight <= previous) {
            in.problem(
                    field + ".weight",
                    w,
                    "must be greater than " + previous + " (weights increase step by step), was " + weight);
            return null;
        }
        Node p = f.get("pause");
        String pause = in.scalar(p, field + ".pause");
        if (pause != null && pause.trim().equals("manual")) return new Strategy.CanaryStep(weight, Duration.ZERO, true);
        if (pause != null && BARE_NUMBER.matcher(pause.trim()).matches()) {
            in.problem(
                    field + ".pause",
                    p,
                    "needs a unit: write e.g. " + pause.trim() + "s or " + pause.trim() + "m, was " + pause);
            return null;
        }
        if (pause != null && !Durations.FORM.matcher(pause.trim()).matches()) {
            in.problem(
                    field + ".pause",
                    p,
                    "must be a duration like 30s or 5m, or manual (wait for gantry promote), was " + pause);
            return null;
        }
        return new Strategy.CanaryStep(weight, pause == null ? Duration.ZERO : Durations.parse(pause), false);
    }

    private Strategy.Analysis analysis(Node node) {
        String at = "strategy.canary.analysis";
        Map<String, Node> f = settings(node, at, ANALYSIS_KEYS, "{ interval: 10s, judge: sequential, alpha: 0.01 }");
        if (f == null) return null;
        Strategy.Analysis d = Strategy.Analysis.DEFAULT;
        int before = in.count();
        Duration interval = duration(f.get("interval"), at + ".interval", d.interval());
        if (interval.compareTo(Duration.ofSeconds(1)) < 0)
            in.problem(at + ".interval", f.get("interval"), "must be at least 1s, was " + text(f.get("interval")));
        Strategy.Judge judge = choice(f.get("judge"), at + ".judge", Strategy.Judge.class, d.judge());
        Double alpha = number(f.get("alpha"), at + ".alpha", "0.01", d.alpha());
        if (alpha != null && !(alpha > 0 && alpha < 0.5)) {
            in.problem(
                    at + ".alpha",
                    f.get("alpha"),
                    "must be between 0 and 0.5, exclusive (the false-alarm level, e.g. 0.01), was "
                            + text(f.get("alpha")));
        }
        int errorBurst = errorBurst(f.get("errorBurst"), at + ".errorBurst", d.errorBurst());
        Double pass = score(f.get("pass"), at + ".pass", d.pass());
        Double marginal = score(f.get("marginal"), at + ".marginal", d.marginal());
        if (pass != null && marginal != null && marginal > pass) {
            Node where = f.containsKey("marginal") ? f.get("marginal") : f.get("pass");
            in.problem(at + ".marginal", where, "must not be above pass (" + plain(pass) + "), was " + plain(marginal));
        }
        Duration timeout = duration(f.get("timeout"), at + ".timeout", d.timeout());
        if (in.count() > before) return null;
        return new Strategy.Analysis(interval, judge, alpha, errorBurst, pass, marginal, timeout);
    }

    /** A percent written with its sign, {@code 50%}: the share of failed requests that trips the fast path. */
    private int errorBurst(Node node, String field, int dflt) {
        String v = in.scalar(node, field);
        if (v == null || isNull(node)) return dflt;
        Matcher m = PERCENT.matcher(v.trim());
        if (!m.matches()) {
            in.problem(field, node, "must be a percent of failed requests like 50%, was " + v);
            return dflt;
        }
        int percent = Integer.parseInt(m.group(1));
        if (percent < 1 || percent > 100) in.problem(field, node, "must be 1% to 100%, was " + v);
        return percent;
    }

    /** A Kayenta score threshold, 0..100. */
    private Double score(Node node, String field, double dflt) {
        Double v = number(node, field, "95", dflt);
        if (v != null && !(v >= 0 && v <= 100)) {
            in.problem(field, node, "must be a score 0..100, was " + text(node));
            return null;
        }
        return v;
    }

    /** The mapping under a strategy name; empty for all defaults; null (with a problem) for anything else. */
    private Map<String, Node> settings(Node node, String field, Set<String> keys, String example) {
        if (node == null || isNull(node)) return Map.of();
        if (!(node instanceof MappingNode map)) {
            in.problem(field, node, "must be a mapping like " + example + was(node));
            return null;
        }
        int before = in.count();
        Map<String, Node> f = in.fields(map, field + ".", keys);
        return in.count() == before ? f : null;
    }

    private Duration duration(Node node, String field, Duration dflt) {
        String v = in.scalar(node, field);
        if (v == null || isNull(node)) return dflt;
        if (BARE_NUMBER.matcher(v.trim()).matches()) {
            in.problem(field, node, "needs a unit: write e.g. " + v.trim() + "s or " + v.trim() + "m, was " + v);
            return dflt;
        }
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            in.problem(field, node, e.getMessage());
            return dflt;
        }
    }

    /** A plain decimal; {@code dflt} when absent; null (with a problem) when it is not a number. */
    private Double number(Node node, String field, String example, double dflt) {
        String v = in.scalar(node, field);
        if (v == null || isNull(node)) return dflt;
        if (!NUMBER.matcher(v.trim()).matches()) {
            in.problem(field, node, "must be a number like " + example + ", was " + v);
            return null;
        }
        return Double.parseDouble(v.trim());
    }

    /** One of an enum's constants, written in lowercase; a near miss gets a suggestion. */
    private <E extends Enum<E>> E choice(Node node, String field, Class<E> type, E dflt) {
        String v = in.scalar(node, field);
        if (v == null || isNull(node)) return dflt;
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            String name = e.name().toLowerCase(Locale.ROOT);
            if (name.equals(v.trim())) return e;
            names.add(name);
        }
        String hint = KeySuggestion.closest(v.trim(), names)
                .map(s -> " (did you mean '" + s + "'?)")
                .orElse("");
        in.problem(field, node, "must be " + String.join(" or ", names) + ", was " + v + hint);
        return dflt;
    }

    private boolean bool(Node node, String field) {
        String v = in.scalar(node, field);
        if (v == null || isNull(node) || v.equals("false")) return false;
        if (v.equals("true")) return true;
        in.problem(field, node, "must be true or false, was " + v);
        return false;
    }

    private static boolean percent(Node node) {
        return node instanceof ScalarNode s && s.getValue().trim().endsWith("%");
    }

    private static String text(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : "";
    }

    private static String plain(double d) {
        return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s
                && (s.getValue().isEmpty() || s.getValue().equals("null"));
    }

    /** What was written instead, for messages about a node of the wrong kind. */
    private static String was(Node node) {
        if (node instanceof SequenceNode) return ", was a list";
        if (node instanceof MappingNode) return ", was a mapping";
        return node instanceof ScalarNode s ? ", was " + s.getValue() : "";
    }
}
