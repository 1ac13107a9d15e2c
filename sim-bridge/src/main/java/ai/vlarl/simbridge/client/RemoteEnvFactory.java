package ai.vlarl.simbridge.client;

import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.VectorEnv;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code remote} env kind: a {@link RemoteVectorEnv} on one server, or a {@link
 * ShardedVectorEnv} over several. The servers decide the number of sub-envs; a requested count
 * ({@code numEnvsOverride}, e.g. {@code eval.num_envs}) is ignored.
 */
public final class RemoteEnvFactory implements EnvFactory {
  @Override
  public Class<? extends Record> configType() {
    return RemoteEnvConfig.class;
  }

  @Override
  public String description() {
    return "an env served over the sim bridge (python3 -m vlarl_bridge.server, ./vlarl serve-sim): "
        + "ManiSkill3, LIBERO, the reference env, or any vlarl env";
  }

  @Override
  public VectorEnv create(Record config, Purpose purpose, int numEnvsOverride) {
    if (!(config instanceof RemoteEnvConfig cfg)) {
      throw new IllegalArgumentException("remote needs a RemoteEnvConfig, got " + config.getClass().getSimpleName());
    }
    List<String> where = purpose == Purpose.EVAL && !cfg.eval_addresses().isEmpty()
        ? cfg.eval_addresses() : cfg.addresses();
    ClientOptions options = cfg.clientOptions();
    if (where.size() == 1) {
      return new RemoteVectorEnv(where.get(0), options);
    }
    List<RemoteVectorEnv> shards = new ArrayList<>();
    try {
      for (String a : where) {
        shards.add(new RemoteVectorEnv(a, options));
      }
      return new ShardedVectorEnv(shards);
    } catch (RuntimeException e) {
      shards.forEach(RemoteVectorEnv::close);
      throw e;
    }
  }
}
