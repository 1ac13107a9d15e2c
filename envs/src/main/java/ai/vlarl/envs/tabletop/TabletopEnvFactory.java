package ai.vlarl.envs.tabletop;

import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.VectorEnv;

/**
 * The {@code tabletop} env kind: a {@link TabletopSimulator} wrapped in an {@link
 * AutoResetVectorEnv}. Evaluation envs ignore terminations when {@code eval_ignore_terminations}
 * is set (ManiSkill3's protocol: every episode runs to its horizon, success at the end counts).
 */
public final class TabletopEnvFactory implements EnvFactory {
  @Override
  public Class<? extends Record> configType() {
    return TabletopConfig.class;
  }

  @Override
  public String description() {
    return "embedded vectorized tabletop suite (reach, push, pick-place; state or rgb)";
  }

  @Override
  public VectorEnv create(Record config, Purpose purpose, int numEnvsOverride) {
    if (!(config instanceof TabletopConfig cfg)) {
      throw new IllegalArgumentException(
          "tabletop needs a TabletopConfig, got " + config.getClass().getSimpleName());
    }
    int n = numEnvsOverride > 0 ? numEnvsOverride : cfg.num_envs();
    return new AutoResetVectorEnv(
        new TabletopSimulator(cfg, n),
        cfg.terminate_on_success(),
        purpose == Purpose.EVAL && cfg.eval_ignore_terminations());
  }
}
