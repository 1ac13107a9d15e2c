package ai.vlarl.framework.rl;

import ai.vlarl.framework.policy.Policy;

/** The {@code ppo} algorithm plugin. */
public final class PpoFactory implements AlgorithmFactory {
  @Override
  public Class<? extends Record> configType() {
    return PpoConfig.class;
  }

  @Override
  public String description() {
    return "PPO: clipped surrogate, GAE, value clipping, entropy bonus, global-norm clipping";
  }

  @Override
  public Algorithm create(Record config, Policy policy) {
    return new Ppo((PpoConfig) config, policy);
  }
}
