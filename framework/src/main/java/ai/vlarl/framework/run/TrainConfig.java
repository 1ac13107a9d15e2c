package ai.vlarl.framework.run;

import ai.vlarl.framework.config.Doc;

/** The training loop ({@code train.*}). */
public record TrainConfig(
    @Doc(value = "env steps to train for (sub-env steps summed over sub-envs)", dflt = "200000") long total_steps,
    @Doc(value = "decisions per sub-env per iteration (rollout length T)", dflt = "64") int rollout_steps,
    @Doc(value = "write a checkpoint every this many iterations (and always at the end); 0 = only at the end", dflt = "10") int checkpoint_every,
    @Doc(value = "how many checkpoints to keep (oldest removed first)", dflt = "3") int keep_checkpoints,
    @Doc(value = "show the console progress bar", dflt = "true") boolean progress) {

  public TrainConfig {
    if (total_steps <= 0) {
      throw new IllegalArgumentException("total_steps must be positive");
    }
    if (rollout_steps <= 0) {
      throw new IllegalArgumentException("rollout_steps must be positive");
    }
    if (checkpoint_every < 0) {
      throw new IllegalArgumentException("checkpoint_every must be >= 0");
    }
    if (keep_checkpoints < 1) {
      throw new IllegalArgumentException("keep_checkpoints must be at least 1");
    }
  }
}
