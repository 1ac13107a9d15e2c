package ai.vlarl.framework.policy;

import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.registry.Plugin;

/** Creates a {@link Policy} of one kind from its config section; bound by name with Guice. */
public interface PolicyFactory extends Plugin {

  /**
   * @param config the section record, of type {@link #configType()}
   * @param env the spec of the env the policy will act in (observation and action shapes)
   * @param seed seed of the weight initialization: same seed, same initial weights
   */
  Policy create(Record config, EnvSpec env, long seed);
}
