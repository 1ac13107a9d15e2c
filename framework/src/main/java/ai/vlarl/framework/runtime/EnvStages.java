package ai.vlarl.framework.runtime;

import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.config.Section;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.VectorEnv;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the training env of a run as {@code rollout.*} asks: the env section's env as it is (k =
 * 1, no servers), or a {@link StagedVectorEnv} of k stages made of
 *
 * <ul>
 *   <li>k in-process envs of N/k sub-envs (an in-process kind);
 *   <li>the servers of a sharded remote env, grouped in order (their count a multiple of k);
 *   <li>{@code rollout.env_servers} = M server processes started here (N/M sub-envs each, M a
 *       multiple of k), stopped when the env is closed.
 * </ul>
 *
 * Sub-env i of the staged env is sub-env i of the plain one: same seeds, same episodes.
 */
public final class EnvStages {
  private EnvStages() {}

  /**
   * @param launcher starts server processes; null when the assembly has none
   */
  public static VectorEnv create(EnvFactory factory, Section env, EnvFactory.Purpose purpose,
      RolloutConfig rollout, EnvServerLauncher launcher) {
    int k = rollout.pipeline_stages();
    if (rollout.env_servers() > 0) {
      return launched(env, purpose, rollout, launcher);
    }
    VectorEnv whole = factory.create(env.settings(), purpose, 0);
    if (k == 1) {
      return whole;
    }
    if (whole instanceof SplittableEnv split) {
      List<VectorEnv> parts = split.detachParts();
      if (parts.size() % k != 0) {
        parts.forEach(VectorEnv::close);
        throw new UserException("rollout.pipeline_stages=" + k + " needs a multiple of " + k
            + " env servers (one or more per stage), the env has " + parts.size());
      }
      return new StagedVectorEnv(group(parts, k), List.of());
    }
    int n = whole.spec().numEnvs();
    whole.close();
    if (n % k != 0) {
      throw new UserException("rollout.pipeline_stages=" + k + " must divide the env's " + n
          + " sub-envs (env.num_envs)");
    }
    List<VectorEnv> stages = new ArrayList<>();
    try {
      for (int s = 0; s < k; s++) {
        VectorEnv stage = factory.create(env.settings(), purpose, n / k);
        stages.add(stage);
        if (stage.spec().numEnvs() != n / k) {
          throw new UserException("env kind '" + env.kind() + "' cannot be split into " + k
              + " pipeline stages (asked for " + n / k + " sub-envs, it made " + stage.spec().numEnvs()
              + "); for env servers give a multiple of " + k + " addresses, or use rollout.env_servers");
        }
      }
    } catch (RuntimeException e) {
      stages.forEach(VectorEnv::close);
      throw e;
    }
    return new StagedVectorEnv(stages, List.of());
  }

  private static VectorEnv launched(Section env, EnvFactory.Purpose purpose, RolloutConfig rollout,
      EnvServerLauncher launcher) {
    int m = rollout.env_servers();
    if (launcher == null) {
      throw new UserException("rollout.env_servers=" + m + " needs the sim bridge in the assembly "
          + "(it starts serve-sim processes); this one has none");
    }
    if (env.kind().equals("remote")) {
      throw new UserException("rollout.env_servers=" + m + " starts servers for an in-process env kind; "
          + "env.kind=remote already names servers (env.addresses)");
    }
    Object num = ConfigBinder.toTree(env.settings()).get("num_envs");
    if (!(num instanceof Number count)) {
      throw new UserException("rollout.env_servers needs an env kind with a num_envs key; '" + env.kind()
          + "' has none");
    }
    int n = count.intValue();
    if (n % m != 0) {
      throw new UserException("rollout.env_servers=" + m + " must divide env.num_envs=" + n);
    }
    EnvServerLauncher.Launched l =
        launcher.launch(env, m, n / m, purpose, rollout.server_start_timeout_s());
    return new StagedVectorEnv(group(l.envs(), rollout.pipeline_stages()), List.of(l.processes()));
  }

  /** Parts grouped into k stages of consecutive parts (a group of one is the part itself). */
  static List<VectorEnv> group(List<VectorEnv> parts, int k) {
    int per = parts.size() / k;
    List<VectorEnv> stages = new ArrayList<>();
    for (int s = 0; s < k; s++) {
      List<VectorEnv> g = parts.subList(s * per, (s + 1) * per);
      stages.add(g.size() == 1 ? g.get(0) : new StagedVectorEnv(g, List.of()));
    }
    return stages;
  }
}
