package ai.vlarl.policies;

import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.policies.baseline.CnnConfig;
import ai.vlarl.policies.baseline.CnnPolicy;
import java.util.List;

class CnnTokenPolicyTest extends TokenPolicyContract {
  /** 16×16 images, wrist camera, proprio 5, 3 tasks, 2 action dims: small and complete. */
  private static final EnvSpec ENV = Fixtures.imageEnv(16, 5, true, 3, 2, 2);

  static CnnConfig config(List<Integer> hidden, boolean wrist) {
    return new CnnConfig(List.of(8, 8, 16), 3, 2, 32, hidden, 5, 2, true, true, wrist);
  }

  @Override
  protected TokenPolicy newPolicy(long seed) {
    return CnnPolicy.create(config(List.of(32), true), ENV, seed);
  }

  @Override
  protected TokenPolicy otherPolicy(long seed) {
    return CnnPolicy.create(config(List.of(24), true), ENV, seed);
  }

  @Override
  protected Observations observations(int n, long seed) {
    return Fixtures.observations(ENV, n, seed);
  }
}
