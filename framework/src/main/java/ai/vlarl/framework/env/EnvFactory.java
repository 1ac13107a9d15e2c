package ai.vlarl.framework.env;

import ai.vlarl.framework.registry.Plugin;

/**
 * Creates a {@link VectorEnv} of one kind from its config section. Bound by name with Guice:
 * {@code MapBinder.newMapBinder(binder(), String.class, EnvFactory.class).addBinding("tabletop")}.
 */
public interface EnvFactory extends Plugin {

  /**
   * @param config the section record, of type {@link #configType()}
   * @param purpose whether the env is for training or evaluation (evaluation may change the
   *     episode rules, e.g. ignore terminations)
   * @param numEnvsOverride when positive, the number of sub-envs to create instead of the config's
   */
  VectorEnv create(Record config, Purpose purpose, int numEnvsOverride);

  /** What an env is created for. */
  enum Purpose {
    TRAIN,
    EVAL
  }
}
