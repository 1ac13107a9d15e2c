package ai.vlarl.policies.baseline;

import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.policy.PolicyFactory;

/** {@code policy.kind: mlp} — see {@link MlpPolicy}. */
public final class MlpPolicyFactory implements PolicyFactory {
  @Override
  public Class<? extends Record> configType() {
    return MlpConfig.class;
  }

  @Override
  public String description() {
    return "state-based baseline: separate actor/critic tanh MLPs, factorized categorical over"
        + " uniform action levels";
  }

  @Override
  public Policy create(Record config, EnvSpec env, long seed) {
    return MlpPolicy.create(Checks.config(MlpPolicy.KIND, config, MlpConfig.class), env, seed);
  }
}
