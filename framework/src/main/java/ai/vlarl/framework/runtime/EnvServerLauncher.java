package ai.vlarl.framework.runtime;

import ai.vlarl.framework.config.Section;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.VectorEnv;
import java.util.List;

/**
 * Starts env server processes for {@code rollout.env_servers} (bound by the sim bridge module;
 * absent from assemblies without it).
 */
public interface EnvServerLauncher {

  /**
   * Starts {@code servers} processes, each hosting the env section {@code env} with {@code
   * subEnvsEach} sub-envs, and connects to them.
   *
   * @return one env per server, in order, and the handle that stops the processes (it also restarts
   *     a process that dies, on the same address, while open)
   */
  Launched launch(Section env, int servers, int subEnvsEach, EnvFactory.Purpose purpose,
      double startTimeoutSeconds);

  /** Connected envs and the processes behind them. */
  record Launched(List<VectorEnv> envs, AutoCloseable processes) {}
}
