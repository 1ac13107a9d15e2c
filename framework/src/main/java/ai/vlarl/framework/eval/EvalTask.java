package ai.vlarl.framework.eval;

/**
 * One task of a suite: a fixed number of episodes, episode k always from the same initial
 * condition ({@link #seed}), run in an env the task opens.
 */
public interface EvalTask {

  /** The task's name in reports. */
  String name();

  /** Episodes to run. */
  int episodes();

  /**
   * The reset seed of episode {@code k} (0 ≤ k < episodes): the same seed gives the same initial
   * state (for suites with fixed initial states, e.g. LIBERO's, the seed selects one).
   */
  long seed(int k);

  /** Sub-envs to run side by side (at most {@link #episodes()}). */
  int numEnvs();

  /**
   * No-op steps executed after each reset before the policy acts (LIBERO's protocol lets objects
   * settle); executed as whole no-op action chunks of the policy's chunk length.
   */
  default int settleSteps() {
    return 0;
  }

  /** The no-op action of one step, {@code dim} values (zeros unless the env's gripper needs one). */
  default float[] noop(int dim) {
    return new float[dim];
  }

  /**
   * Opens the task's env with {@link #numEnvs()} sub-envs.
   *
   * @param record whether episodes will be recorded as videos: the returned env then has a {@link
   *     FrameRecorder} if the env can provide frames at all
   */
  EvalEnv open(boolean record);
}
