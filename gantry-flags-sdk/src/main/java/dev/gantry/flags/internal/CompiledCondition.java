package dev.gantry.flags.internal;

import dev.gantry.flags.Condition;
import dev.gantry.flags.EvaluationContext;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * A {@link Condition} with its operands prepared (regexes compiled, numbers and versions parsed).
 * It holds when the attribute satisfies the operator for any operand; a negated operator holds
 * when it matches none. A missing or null attribute never holds.
 */
public final class CompiledCondition {
  private final String attribute;
  private final Operator op;
  private final Operands operands;
  private final Pattern[] patterns;
  private final Semver[] versions;

  /** Compiles a condition the validator accepted; throws IllegalArgumentException otherwise. */
  public CompiledCondition(Condition condition) {
    this.attribute = condition.attribute();
    this.op = Operator.byName(condition.op());
    if (op == null) throw new IllegalArgumentException("unknown operator \"" + condition.op() + "\"");
    this.operands = Operands.of(condition.values());
    this.patterns = op == Operator.MATCHES ? patterns(operands.strings()) : null;
    this.versions = op.kind() == Operator.Kind.SEMVER ? versions(operands.strings()) : null;
  }

  public boolean matches(EvaluationContext ctx, Lookup lookup) {
    Object value = ctx.attribute(attribute);
    if (value == null) return false;
    return switch (op.kind()) {
      case VALUE -> operands.anyEquals(value) != op.negated();
      case TEXT -> text(value);
      case REGEX -> regex(value);
      case NUMBER -> number(value);
      case SEMVER -> semver(value);
      case SEGMENT -> segment(value, ctx, lookup) != op.negated();
    };
  }

  private boolean text(Object value) {
    if (op == Operator.CONTAINS && value instanceof Collection<?> items) {
      for (Object item : items) if (item != null && operands.anyEquals(item)) return true;
      return false;
    }
    String s = value instanceof String str ? str : String.valueOf(value);
    for (String operand : operands.strings()) {
      boolean hit = switch (op) {
        case CONTAINS -> s.contains(operand);
        case STARTS_WITH -> s.startsWith(operand);
        default -> s.endsWith(operand);
      };
      if (hit) return true;
    }
    return false;
  }

  private boolean regex(Object value) {
    String s = value instanceof String str ? str : String.valueOf(value);
    for (Pattern p : patterns) if (p.matcher(s).find()) return true;
    return false;
  }

  private boolean number(Object value) {
    double v = Operands.toDouble(value);
    if (Double.isNaN(v)) return false;
    for (double operand : operands.numbers()) {
      boolean hit = switch (op) {
        case LT -> v < operand;
        case LTE -> v <= operand;
        case GT -> v > operand;
        default -> v >= operand;
      };
      if (hit) return true;
    }
    return false;
  }

  private boolean semver(Object value) {
    Semver v = Semver.parse(value instanceof String s ? s : String.valueOf(value));
    if (v == null) return false;
    for (Semver operand : versions) {
      int c = v.compareTo(operand);
      boolean hit = op == Operator.SEMVER_EQ ? c == 0 : op == Operator.SEMVER_LT ? c < 0 : c > 0;
      if (hit) return true;
    }
    return false;
  }

  private boolean segment(Object value, EvaluationContext ctx, Lookup lookup) {
    String key = value instanceof String s ? s : String.valueOf(value);
    for (String segmentKey : operands.strings()) {
      CompiledSegment segment = lookup.segment(segmentKey);
      if (segment != null && segment.contains(key, ctx, lookup)) return true;
    }
    return false;
  }

  private static Pattern[] patterns(String[] regexes) {
    Pattern[] compiled = new Pattern[regexes.length];
    for (int i = 0; i < regexes.length; i++) compiled[i] = Pattern.compile(regexes[i]);
    return compiled;
  }

  private static Semver[] versions(String[] texts) {
    Semver[] parsed = new Semver[texts.length];
    for (int i = 0; i < texts.length; i++) {
      parsed[i] = Semver.parse(texts[i]);
      if (parsed[i] == null) throw new IllegalArgumentException("invalid semantic version \"" + texts[i] + "\"");
    }
    return parsed;
  }
}
