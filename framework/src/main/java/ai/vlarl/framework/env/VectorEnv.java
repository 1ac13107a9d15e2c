package ai.vlarl.framework.env;

import ai.vlarl.framework.core.HostArray;

/**
 * A batch of N sub-envs stepped together, in the manner of ManiSkill3's vectorized API.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #reset(long[], int[])} resets all or some sub-envs; the same seed gives the same
 *       initial state, bit for bit (GRPO groups and evaluation depend on it).
 *   <li>{@link #step(HostArray)} takes float32 actions {@code [N, chunk, dim]} in [-1, 1]
 *       (wrong shapes, NaN or out-of-range values are rejected with {@link
 *       ai.vlarl.framework.core.UserException}), executes the chunk, and auto-resets finished
 *       sub-envs in the same step (see {@link StepResult}). A sub-env whose episode ends inside a
 *       chunk executes no further actions of that chunk.
 *   <li>After an auto-reset, the next seed of a sub-env is derived from its previous one, so a run
 *       is determined by the seeds given to the first {@code reset}. Before the first reset, sub-env
 *       i of an {@link AutoResetVectorEnv} (and of a bridge server's env) counts as started from
 *       seed i (the embedded simulators start that way), so that sub-envs stepped without a reset
 *       still go on to different episodes; the shards of a sharded env each count from 0, so reset
 *       one before stepping it.
 * </ul>
 *
 * Implementations are not thread-safe.
 */
public interface VectorEnv extends AutoCloseable {

  EnvSpec spec();

  /** Resets every sub-env; {@code seeds.length == N}. Returns all N observations. */
  default Observations reset(long[] seeds) {
    int[] all = new int[spec().numEnvs()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return reset(seeds, all);
  }

  /**
   * Resets the sub-envs {@code envIdx} with {@code seeds} (same length). Returns observations of
   * all N sub-envs (the others unchanged).
   */
  Observations reset(long[] seeds, int[] envIdx);

  /** Executes one action chunk {@code [N, chunk, dim]}. */
  StepResult step(HostArray actions);

  /**
   * Says that the caller will not read {@code result}'s arrays again (its observations and final
   * observations), so that this env may reuse their memory for a later step instead of allocating
   * more (the sim bridge's client receives each reply into pooled buffers this way). Optional on
   * both sides: envs that do not pool memory ignore it (the default), and a caller that never
   * releases only forgoes the reuse. After this call the result's arrays may change at any time.
   * Results this env did not return, and ones released before, are ignored. The rollout collector
   * releases a step's result once its observations are stored and acted on.
   */
  default void release(StepResult result) {}

  /** The current observations of all sub-envs, without stepping. */
  Observations observe();

  @Override
  void close();
}
