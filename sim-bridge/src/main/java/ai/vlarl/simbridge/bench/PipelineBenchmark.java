package ai.vlarl.simbridge.bench;

import ai.vlarl.framework.config.Section;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.rl.Rollout;
import ai.vlarl.framework.run.EpisodeTally;
import ai.vlarl.framework.run.RolloutCollector;
import ai.vlarl.framework.runtime.EnvServerLauncher;
import ai.vlarl.framework.runtime.StagedVectorEnv;
import ai.vlarl.framework.runtime.Timings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code vlarl bench pipeline}: rollout throughput with k = 1, 2, 4 pipeline stages, the simulator
 * out of process (k {@code serve-sim} processes of N/k sub-envs each, over the real ZeroMQ bridge)
 * and the policy in this process.
 *
 * <p>Row keys: {@code sim}, {@code stages}, {@code t_sim_ms} and {@code t_infer_ms} (a decision of
 * all N sub-envs: the set costs for the controlled sim; for a real sim what the k = 1 row measured,
 * bridge included), {@code steps_per_s} (env steps, sub-steps summed over sub-envs), {@code
 * speedup} over the k = 1 row of the same run, and {@code ideal} = (T_sim + T_infer) / max(T_sim,
 * T_infer).
 */
public final class PipelineBenchmark {
  private PipelineBenchmark() {}

  /**
   * One simulator to measure.
   *
   * @param sim the row's {@code sim} name
   * @param env the env section the servers host
   * @param numEnvs N
   * @param policy the rollout policy for the env's spec
   * @param decisions decisions per collected rollout
   * @param tSimMs set simulator cost of a decision of N, or NaN to measure it (k = 1)
   * @param tInferMs set inference cost of a decision of N, or NaN to measure it
   */
  public record Case(String sim, Section env, int numEnvs, Function<EnvSpec, Policy> policy, int decisions,
      double tSimMs, double tInferMs) {}

  /** The controlled case: sim and inference both {@code msPerDecision} for N sub-envs (balanced). */
  public static Case controlled(int numEnvs, double msPerDecision, boolean busySim) {
    int us = (int) Math.round(msPerDecision * 1000 / numEnvs);
    Section env = new Section("controlled", new ControlledConfig(numEnvs, us, busySim, 32, 1000));
    return new Case("controlled", env, numEnvs, spec -> new ControlledPolicy(us, 1, 2), 16,
        us * numEnvs / 1000.0, us * numEnvs / 1000.0);
  }

  /** Rows for k in {@code stages}, measuring each for about {@code seconds}. */
  public static List<Map<String, Object>> run(Case c, int[] stages, double seconds, EnvServerLauncher launcher) {
    List<Map<String, Object>> rows = new ArrayList<>();
    double base = Double.NaN;
    double tSim = c.tSimMs();
    double tInfer = c.tInferMs();
    for (int k : stages) {
      Measured m = measure(c, k, seconds, launcher);
      if (Double.isNaN(c.tSimMs()) && k == stages[0]) {
        tSim = m.envMsPerDecision;
        tInfer = m.inferMsPerDecision;
      }
      if (Double.isNaN(base)) {
        base = m.stepsPerSecond;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("sim", c.sim());
      row.put("stages", k);
      row.put("t_sim_ms", round(tSim));
      row.put("t_infer_ms", round(tInfer));
      row.put("steps_per_s", round(m.stepsPerSecond));
      row.put("speedup", round(m.stepsPerSecond / base));
      row.put("ideal", round((tSim + tInfer) / Math.max(tSim, tInfer)));
      rows.add(row);
    }
    return rows;
  }

  private record Measured(double stepsPerSecond, double envMsPerDecision, double inferMsPerDecision) {}

  private static Measured measure(Case c, int k, double seconds, EnvServerLauncher launcher) {
    EnvServerLauncher.Launched l = launcher.launch(c.env(), k, c.numEnvs() / k, EnvFactory.Purpose.TRAIN, 180);
    VectorEnv env = k == 1 ? l.envs().get(0) : new StagedVectorEnv(l.envs(), List.of());
    try (AutoCloseable processes = l.processes(); VectorEnv e = env; Policy policy = c.policy().apply(env.spec())) {
      long[] seeds = new long[c.numEnvs()];
      for (int i = 0; i < seeds.length; i++) {
        seeds[i] = i;
      }
      Timings timings = new Timings();
      RolloutCollector collector = new RolloutCollector(env, policy, env.reset(seeds), timings);
      Rollout rollout = new Rollout(c.decisions(), c.numEnvs(), policy.chunk(), policy.actionDim());
      Rng rng = new Rng(1);
      collector.collect(rollout, rng, new EpisodeTally(env.spec().tasks())); // warm-up
      timings.take(0);
      long steps = 0;
      int decisions = 0;
      long t0 = System.nanoTime();
      do {
        steps += collector.collect(rollout, rng, new EpisodeTally(env.spec().tasks()));
        decisions += c.decisions();
      } while (System.nanoTime() - t0 < seconds * 1e9);
      double wall = (System.nanoTime() - t0) / 1e9;
      Map<String, Double> t = timings.take(wall);
      return new Measured(steps / wall, t.get("time/env") * 1000 / decisions,
          t.get("time/inference") * 1000 / decisions);
    } catch (Exception ex) {
      throw ex instanceof RuntimeException r ? r : new IllegalStateException(ex);
    }
  }

  private static double round(double x) {
    return Math.round(x * 100) / 100.0;
  }
}
