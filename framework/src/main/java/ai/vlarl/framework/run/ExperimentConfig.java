package ai.vlarl.framework.run;

import ai.vlarl.framework.config.Doc;
import ai.vlarl.framework.config.Section;
import ai.vlarl.framework.runtime.PlacementConfig;
import ai.vlarl.framework.runtime.RolloutConfig;

/**
 * A whole experiment, as written in {@code experiments/configs/*.yaml}. The plugin sections
 * ({@code env}, {@code policy}, {@code algo}) take {@code kind} plus that kind's own keys.
 */
public record ExperimentConfig(
    @Doc(value = "run name; the run directory defaults to runs/<name>-<timestamp>", dflt = "default") String name,
    @Doc(value = "master seed: env layouts, weight init, action sampling, minibatch shuffling", dflt = "1") long seed,
    @Doc(value = "environment: kind (tabletop, ...) and that kind's keys", dflt = "tabletop") Section env,
    @Doc(value = "policy: kind (mlp, cnn, ...) and that kind's keys", dflt = "mlp") Section policy,
    @Doc(value = "algorithm: kind (ppo, ...) and that kind's keys", dflt = "ppo") Section algo,
    @Doc("the training loop") TrainConfig train,
    @Doc("the evaluation after training") EvalConfig eval,
    @Doc("the rollout runtime: pipeline stages, env server processes") RolloutConfig rollout,
    @Doc("devices of env, rollout and learner; collocated, disaggregated or hybrid") PlacementConfig placement) {

  /** An experiment with the default runtime (sequential rollout, everything on the CPU). */
  public ExperimentConfig(String name, long seed, Section env, Section policy, Section algo,
      TrainConfig train, EvalConfig eval) {
    this(name, seed, env, policy, algo, train, eval, RolloutConfig.defaults(), PlacementConfig.defaults());
  }

  public ExperimentConfig {
    if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "name must be letters, digits, '.', '_' or '-' (it names the run directory), got '" + name + "'");
    }
  }
}
