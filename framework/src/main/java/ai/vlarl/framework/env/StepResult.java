package ai.vlarl.framework.env;

/**
 * What {@link VectorEnv#step} returns for one action chunk.
 *
 * <p>Sub-envs whose episode ended during the chunk were reset in the same step: {@code
 * observations} holds their new first observation, while {@code finalObservations} (rows in the
 * order of {@code doneEnvs}) and {@code episodes} hold the last observation and the metrics of the
 * episode that ended.
 *
 * @param observations observations after the step (reset ones for finished sub-envs), N rows
 * @param reward reward summed over the executed sub-steps of the chunk, per sub-env
 * @param terminated the episode ended by success or failure (do not bootstrap)
 * @param truncated the episode hit its time limit (bootstrap from the final observation)
 * @param success the success predicate at the last executed sub-step
 * @param steps sub-steps executed per sub-env (less than the chunk when an episode ended inside)
 * @param doneEnvs indices of sub-envs whose episode ended, ascending
 * @param finalObservations last observations of those episodes, one row per {@code doneEnvs} entry
 * @param episodes metrics of those episodes, same order
 */
public record StepResult(
    Observations observations,
    float[] reward,
    boolean[] terminated,
    boolean[] truncated,
    boolean[] success,
    int[] steps,
    int[] doneEnvs,
    Observations finalObservations,
    EpisodeStats[] episodes) {

  /** Whether sub-env {@code i}'s episode ended in this step. */
  public boolean done(int i) {
    return terminated[i] || truncated[i];
  }
}
