package ai.vlarl.framework.rl;

import ai.vlarl.framework.policy.Policy;

/** The {@code grpo} algorithm plugin. */
public final class GrpoFactory implements AlgorithmFactory {
  @Override
  public Class<? extends Record> configType() {
    return GrpoConfig.class;
  }

  @Override
  public String description() {
    return "GRPO: groups of whole episodes from shared initial states, group-normalized rewards, "
        + "group filtering, clip-higher and dual clip, optional KL to the reference; no critic";
  }

  @Override
  public Algorithm create(Record config, Policy policy) {
    return new Grpo((GrpoConfig) config, policy);
  }
}
