package ai.vlarl.framework.env;

import ai.vlarl.framework.core.HostArray;

/**
 * The pure core of a vectorized simulator: physics, rewards and success predicates, one sub-step
 * at a time, with no episode bookkeeping.
 *
 * <p>Chunk execution, time limits, same-step auto-reset, final observations and episode metrics
 * are written once, in {@link AutoResetVectorEnv}, which turns any {@code BatchSimulator} into a
 * {@link VectorEnv} (as Brax's wrappers do). Implementations may assume actions were validated.
 */
public interface BatchSimulator extends AutoCloseable {

  /** Spec of the env this simulator becomes; {@code maxChunk} is the wrapper's limit. */
  EnvSpec spec();

  /** Starts new episodes in sub-envs {@code envIdx}, each from its seed (same seed, same state). */
  void reset(int[] envIdx, long[] seeds);

  /**
   * Advances the sub-envs with {@code active[i]} by one step; inactive ones stay frozen.
   *
   * @param actions float32 {@code [N, dim]} in [-1, 1]; rows of inactive sub-envs are ignored
   * @param active which sub-envs step
   * @param reward out: reward of this step per sub-env (written for active ones)
   * @param success out: success predicate after this step (written for active ones)
   * @param failure out: unrecoverable failure after this step (written for active ones)
   */
  void step(HostArray actions, boolean[] active, float[] reward, boolean[] success, boolean[] failure);

  /** Max steps of the current episode of sub-env {@code env} (its task's horizon). */
  int horizon(int env);

  /** Task id of the current episode of sub-env {@code env}. */
  int task(int env);

  /** Observations of all N sub-envs. */
  Observations observe();

  /** Observations of the given sub-envs, in that order. */
  default Observations observe(int[] envIdx) {
    return observe().gather(envIdx);
  }

  /** The complete simulator state, for exact checkpoint resume. */
  byte[] saveState();

  /** Restores a state written by {@link #saveState()} of a simulator with the same config. */
  void loadState(byte[] state);

  @Override
  void close();
}
