package ai.vlarl.framework.runtime;

import ai.vlarl.framework.env.VectorEnv;
import java.util.List;

/**
 * An env made of independent parts that can step concurrently (e.g. one remote env per server),
 * which a pipelined rollout may regroup into stages.
 */
public interface SplittableEnv extends VectorEnv {

  /**
   * Hands over the parts, in row order, and gives up this env (do not use or close it afterwards;
   * closing the parts is the caller's job).
   *
   * @throws ai.vlarl.framework.core.UserException when the env cannot be split (one server)
   */
  List<VectorEnv> detachParts();
}
