package ai.vlarl.framework.rl;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.EpisodeStats;
import java.util.function.Consumer;

/**
 * Collects one iteration's experience in an algorithm's own way, in place of the trainer's
 * standard collection (T decisions of every sub-env, auto-resets in between). GRPO uses one to run
 * groups of whole episodes from shared initial states; PPO uses one when partial resets are off.
 * An {@link Algorithm} provides it through {@link Algorithm#collector}.
 */
public interface ExperienceCollector {

  /**
   * One iteration's experience.
   *
   * @param rollout the decisions to learn from (rows that do not count are marked invalid)
   * @param envSteps env steps the simulator executed for it (sub-steps summed over sub-envs)
   */
  record Batch(Rollout rollout, long envSteps) {}

  /**
   * Runs the env and the policy for one iteration.
   *
   * @param rng action sampling and reset-seed randomness (checkpointed by the caller)
   * @param finished receives every episode that counts, when it ends
   */
  Batch collect(Rng rng, Consumer<EpisodeStats> finished);
}
