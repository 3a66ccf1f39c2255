package dev.gantry.flags;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Who a flag is evaluated for: a targeting key (user id, session id, ...) and attributes.
 * Immutable; build it once per request (or once per user) and reuse it for every evaluation.
 *
 * @param targetingKey may be null (anonymous); rollouts by targetingKey then fall through
 * @param attributes attribute name to value (string, number, boolean, list, map; null allowed)
 */
public record EvaluationContext(String targetingKey, Map<String, Object> attributes) {
  public static final String TARGETING_KEY = "targetingKey";
  private static final EvaluationContext EMPTY = new EvaluationContext(null, Map.of());

  public EvaluationContext {
    attributes = attributes == null || attributes.isEmpty()
        ? Map.of() : Collections.unmodifiableMap(new HashMap<>(attributes));
  }

  public static EvaluationContext empty() {
    return EMPTY;
  }

  public static EvaluationContext of(String targetingKey) {
    return new EvaluationContext(targetingKey, Map.of());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The named attribute; {@code targetingKey} gives the targeting key unless an attribute overrides it. */
  public Object attribute(String name) {
    Object value = attributes.get(name);
    if (value == null && TARGETING_KEY.equals(name)) return targetingKey;
    return value;
  }

  public Builder toBuilder() {
    var b = new Builder().targetingKey(targetingKey);
    b.attributes.putAll(attributes);
    return b;
  }

  /** Collects a context; {@link #build()} copies, so a builder may be reused. */
  public static final class Builder {
    private String targetingKey;
    private final Map<String, Object> attributes = new HashMap<>();

    public Builder targetingKey(String key) {
      this.targetingKey = key;
      return this;
    }

    public Builder set(String name, Object value) {
      if (name == null) throw new IllegalArgumentException("attribute name: must not be null");
      attributes.put(name, value);
      return this;
    }

    public EvaluationContext build() {
      return new EvaluationContext(targetingKey, attributes);
    }
  }
}
