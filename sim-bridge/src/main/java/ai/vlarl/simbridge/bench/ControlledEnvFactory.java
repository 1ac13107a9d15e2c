package ai.vlarl.simbridge.bench;

import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.VectorEnv;

/** The {@code controlled} env kind ({@link ControlledConfig}). */
public final class ControlledEnvFactory implements EnvFactory {
  @Override
  public Class<? extends Record> configType() {
    return ControlledConfig.class;
  }

  @Override
  public String description() {
    return "a simulator whose step costs a set time per sub-env (pipeline benchmarks)";
  }

  @Override
  public VectorEnv create(Record config, Purpose purpose, int numEnvsOverride) {
    ControlledConfig cfg = (ControlledConfig) config;
    return new AutoResetVectorEnv(new ControlledSimulator(cfg, numEnvsOverride > 0 ? numEnvsOverride : cfg.num_envs()),
        false, false);
  }
}
