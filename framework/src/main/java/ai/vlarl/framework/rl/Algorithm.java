package ai.vlarl.framework.rl;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.VectorEnv;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * A learning algorithm: turns a finished {@link Rollout} into parameter updates of the policy it
 * was created for. Owns its optimizer state, which checkpoints carry.
 */
public interface Algorithm extends AutoCloseable {

  /**
   * Learns from {@code rollout}.
   *
   * @param rng randomness for minibatch shuffling (checkpointed by the caller)
   * @param progress fraction of training done before this update, in [0, 1] (for schedules)
   * @return metrics of the update, by name (e.g. {@code policy_loss}, {@code approx_kl})
   */
  Map<String, Double> update(Rollout rollout, Rng rng, double progress);

  /**
   * The collector this algorithm needs, or null (the default) for the trainer's standard one.
   * Called once, when the trainer is built, after the env was reset or restored.
   *
   * @param env the training env
   * @param rolloutSteps {@code train.rollout_steps}: decisions per sub-env per iteration
   */
  default ExperienceCollector collector(VectorEnv env, int rolloutSteps) {
    return null;
  }

  /** Writes the optimizer state. */
  void saveState(DataOutputStream out) throws IOException;

  /** Restores a state written by {@link #saveState}. */
  void loadState(DataInputStream in) throws IOException;

  @Override
  void close();
}
