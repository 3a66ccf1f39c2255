package dev.gantry.bench.flags;

import dev.gantry.flags.Condition;
import dev.gantry.flags.EnvConfig;
import dev.gantry.flags.EvaluationContext;
import dev.gantry.flags.Flag;
import dev.gantry.flags.FlagEvaluator;
import dev.gantry.flags.FlagSet;
import dev.gantry.flags.FlagsClient;
import dev.gantry.flags.Rollout;
import dev.gantry.flags.Rule;
import dev.gantry.flags.Segment;
import dev.gantry.flags.Weight;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * booleanValue for a boolean flag with three rules (endsWith; in + equals; inSegment) and a 25/75
 * fallthrough rollout. Contexts are built once; most of them match no rule, so the common case
 * walks all three rules and then hashes the key for the rollout (the slowest path).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BooleanValueBenchmark {
  /** How many distinct contexts the calls cycle through (a power of two); 1 keeps everything in L1. */
  @Param({"1024"})
  public int contexts;

  private FlagSet set;
  private FlagEvaluator evaluator;
  private FlagsClient client;
  private EvaluationContext[] pool;
  private int next;

  @Setup
  public void setUp() {
    var variants = new LinkedHashMap<String, Object>();
    variants.put("on", true);
    variants.put("off", false);
    var env = new EnvConfig(true, "off", List.of(
        Rule.serve("staff", "on", Condition.of("email", "endsWith", "@gantry.dev")),
        Rule.serve("eu-enterprise", "on", Condition.of("country", "in", "DE", "FR", "NL"),
            Condition.of("plan", "equals", "enterprise")),
        Rule.serve("beta", "on", Condition.of("targetingKey", "inSegment", "beta"))),
        Rollout.of(new Weight("on", 25_000), new Weight("off", 75_000)));
    Flag flag = Flag.of("new-checkout", Flag.BOOLEAN, variants, Map.of("production", env));
    var beta = new Segment("beta", null, List.of("user-1", "user-2", "user-3"), List.of(), List.of(), 1);
    set = FlagSet.of(1, List.of(flag), List.of(beta));
    evaluator = new FlagEvaluator("production");
    client = FlagsClient.offline(set, "production");
    if (Integer.bitCount(contexts) != 1) throw new IllegalArgumentException("contexts: must be a power of two, was " + contexts);
    pool = new EvaluationContext[contexts];
    String[] countries = {"US", "DE", "BR", "FR", "JP"};
    String[] plans = {"free", "pro", "enterprise"};
    for (int i = 0; i < contexts; i++) {
      pool[i] = EvaluationContext.builder().targetingKey("user-" + (i * 7919))
          .set("email", "user" + i + (i % 50 == 0 ? "@gantry.dev" : "@example.com"))
          .set("country", countries[i % countries.length]).set("plan", plans[i % plans.length]).build();
    }
  }

  private EvaluationContext nextContext() {
    next = (next + 1) & (pool.length - 1);
    return pool[next];
  }

  @Benchmark
  public boolean evaluatorBooleanValue() {
    return evaluator.booleanValue(set, "new-checkout", nextContext(), false);
  }

  @Benchmark
  public boolean clientBooleanValue() {
    return client.booleanValue("new-checkout", nextContext(), false);
  }

  @Benchmark
  public boolean detailsWithEvaluation() {
    return client.details("new-checkout", Boolean.class, false, nextContext()).value();
  }
}
