package ai.vlarl.policies.baseline;

import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.policy.PolicyFactory;

/** {@code policy.kind: cnn} — see {@link CnnPolicy}. */
public final class CnnPolicyFactory implements PolicyFactory {
  @Override
  public Class<? extends Record> configType() {
    return CnnConfig.class;
  }

  @Override
  public String description() {
    return "pixel baseline: small conv trunk over the camera image + proprio + task one-hot,"
        + " factorized categorical over uniform action levels";
  }

  @Override
  public Policy create(Record config, EnvSpec env, long seed) {
    return CnnPolicy.create(Checks.config(CnnPolicy.KIND, config, CnnConfig.class), env, seed);
  }
}
