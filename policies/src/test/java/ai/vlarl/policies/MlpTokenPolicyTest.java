package ai.vlarl.policies;

import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.policies.baseline.MlpConfig;
import ai.vlarl.policies.baseline.MlpPolicy;
import java.util.List;

class MlpTokenPolicyTest extends TokenPolicyContract {
  private static final EnvSpec ENV = Fixtures.stateEnv(10, 3, 4);

  @Override
  protected TokenPolicy newPolicy(long seed) {
    return MlpPolicy.create(new MlpConfig(List.of(32, 32), 7, 2), ENV, seed);
  }

  @Override
  protected TokenPolicy otherPolicy(long seed) {
    return MlpPolicy.create(new MlpConfig(List.of(16, 32), 7, 2), ENV, seed);
  }

  @Override
  protected Observations observations(int n, long seed) {
    return Fixtures.observations(ENV, n, seed);
  }
}
