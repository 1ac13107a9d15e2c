package ai.vlarl.policies.vla;

import ai.vlarl.framework.config.Doc;

/**
 * Supervised fine-tuning of a VLA on demonstrations ({@code policy.sft.*}, used by {@code vlarl
 * sft}): cross-entropy on the demonstrations' action tokens.
 *
 * @param episodes demonstration episodes to collect from the scripted experts
 * @param num_envs sub-envs that collect demonstrations together
 * @param noise standard deviation of Gaussian noise added to the executed expert actions (the
 *     labels stay clean), so demonstrations visit states off the expert's path
 * @param dataset a recorded episode dataset to read instead of collecting; empty to collect
 * @param epochs passes over the demonstrations
 * @param batch_size samples per gradient step
 * @param learning_rate Adam learning rate (linear warm-up over the first 5% of steps, then cosine
 *     decay to a tenth)
 * @param max_grad_norm global gradient-norm clip
 * @param aux_weight weight of the auxiliary probe loss: a linear map from the keypoint token's
 *     keypoints to the privileged object positions the demonstrations record (mean squared
 *     error), which teaches the vision stem to localize; 0 turns it off (and datasets without
 *     positions or policies without keypoints skip it)
 * @param balance_tasks draw every task's steps equally often in each epoch (a task with short
 *     episodes, like reach, would otherwise get a small share of the gradient steps)
 * @param warm_start whether {@code vlarl train} runs SFT first when {@code policy.init} is empty
 */
public record SftConfig(
    @Doc(value = "demonstration episodes to collect from the scripted experts", dflt = "300")
        int episodes,
    @Doc(value = "sub-envs collecting demonstrations together", dflt = "32") int num_envs,
    @Doc(
            value =
                "std of Gaussian noise added to executed expert actions (labels stay clean), to"
                    + " visit states off the expert's path",
            dflt = "0.2")
        double noise,
    @Doc(
            value =
                "recorded episode dataset directory to train on instead of collecting (see"
                    + " policies/README.md); empty to collect",
            dflt = "")
        String dataset,
    @Doc(value = "passes over the demonstrations", dflt = "4") int epochs,
    @Doc(value = "samples per gradient step", dflt = "64") int batch_size,
    @Doc(
            value = "Adam learning rate (5% linear warm-up, then cosine decay to a tenth)",
            dflt = "1.0e-3")
        double learning_rate,
    @Doc(value = "clip gradients to this global L2 norm", dflt = "1.0") double max_grad_norm,
    @Doc(
            value =
                "weight of the auxiliary loss fitting a linear probe from the keypoints to the"
                    + " recorded object positions (teaches localization; SFT only); 0 off",
            dflt = "1.0")
        double aux_weight,
    @Doc(
            value =
                "draw every task's steps equally often in each epoch (short-episode tasks such as"
                    + " reach are otherwise a small share)",
            dflt = "true")
        boolean balance_tasks,
    @Doc(
            value =
                "the training pipeline (vlarl sft --train, vlarl train) runs SFT first and starts"
                    + " PPO from it when policy.init is empty",
            dflt = "true")
        boolean warm_start) {

  public SftConfig {
    if (episodes < 1) {
      throw new IllegalArgumentException("sft.episodes must be at least 1, got " + episodes);
    }
    if (num_envs < 1) {
      throw new IllegalArgumentException("sft.num_envs must be at least 1, got " + num_envs);
    }
    if (!(noise >= 0) || noise > 2) {
      throw new IllegalArgumentException("sft.noise must be in [0, 2], got " + noise);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("sft.epochs must be at least 1, got " + epochs);
    }
    if (batch_size < 1) {
      throw new IllegalArgumentException("sft.batch_size must be at least 1, got " + batch_size);
    }
    if (!(learning_rate > 0)) {
      throw new IllegalArgumentException("sft.learning_rate must be positive, got " + learning_rate);
    }
    if (!(max_grad_norm > 0)) {
      throw new IllegalArgumentException("sft.max_grad_norm must be positive, got " + max_grad_norm);
    }
    if (!(aux_weight >= 0)) {
      throw new IllegalArgumentException("sft.aux_weight must be >= 0, got " + aux_weight);
    }
    dataset = dataset == null ? "" : dataset;
  }
}
