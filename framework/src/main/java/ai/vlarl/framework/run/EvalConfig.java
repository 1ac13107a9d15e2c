package ai.vlarl.framework.run;

import ai.vlarl.framework.config.Doc;

/** The evaluation at the end of training ({@code eval.*}). */
public record EvalConfig(
    @Doc(value = "evaluate when training ends", dflt = "true") boolean enabled,
    @Doc(value = "episodes to evaluate (each from its own seed)", dflt = "100") int episodes,
    @Doc(value = "sub-envs used for evaluation", dflt = "50") int num_envs,
    @Doc(value = "act greedily (most likely token) instead of sampling", dflt = "true") boolean greedy,
    @Doc(value = "seed of evaluation episode k is seed + k; disjoint from training seeds", dflt = "1000000007") long seed) {

  public EvalConfig {
    if (episodes < 1) {
      throw new IllegalArgumentException("episodes must be at least 1");
    }
    if (num_envs < 1) {
      throw new IllegalArgumentException("num_envs must be at least 1");
    }
  }
}
