package ai.vlarl.experiments.deploy;

import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.run.EpisodeTally;
import ai.vlarl.framework.run.Evaluator;
import ai.vlarl.framework.run.ExperimentConfig;
import ai.vlarl.framework.run.Plugins;
import java.util.LinkedHashMap;
import java.util.Map;

/** The framework's evaluation of a policy on the episodes a sim deploy ran, for comparison. */
final class Evaluation {
  private Evaluation() {}

  /** Greedy evaluation of episodes {@code first .. first + count - 1}. */
  static Map<String, Object> sameEpisodes(Plugins plugins, ExperimentConfig exp, Policy policy,
      long first, int count) {
    EnvFactory f = plugins.envs().get(exp.env().kind());
    try (VectorEnv env = f.create(exp.env().settings(), EnvFactory.Purpose.EVAL, Math.min(50, count))) {
      EpisodeTally t = Evaluator.evaluate(env, policy, count, first, true, null);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("episodes", t.episodes());
      m.put("success_rate", t.successRate());
      m.put("mean_return", t.meanReturn());
      return m;
    }
  }
}
