package ai.vlarl.framework.run;

import ai.vlarl.framework.config.Doc;
import ai.vlarl.framework.config.Section;

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
    @Doc("the evaluation after training") EvalConfig eval) {

  public ExperimentConfig {
    if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "name must be letters, digits, '.', '_' or '-' (it names the run directory), got '" + name + "'");
    }
  }
}
