package ai.vlarl.framework.rl;

import ai.vlarl.framework.config.Doc;

/**
 * Hyperparameters of GRPO ({@code algo.kind: grpo}). Defaults follow the VLA systems: groups of 8
 * (SimpleVLA-RL, RLinf-VLA), binary success reward, all-fail and all-success groups dropped,
 * clip 0.2 / 0.28 with dual clip 3.0 (RLinf-VLA), no KL penalty, token-level ratios.
 */
public record GrpoConfig(
    @Doc(value = "episodes per group G, all started from the same initial state; env.num_envs must be a multiple of it", dflt = "8") int group_size,
    @Doc(value = "episode reward: 'success' (1 if the task succeeded at any step, else 0) or 'return' (the env's summed task reward)", dflt = "success") Reward reward,
    @Doc(value = "keep groups whose success rate is strictly above this (0 drops all-fail groups; below 0 keeps them)", dflt = "0.0") double band_low,
    @Doc(value = "keep groups whose success rate is strictly below this (1 drops all-success groups; above 1 keeps them)", dflt = "1.0") double band_high,
    @Doc(value = "Adam learning rate", dflt = "3.0e-4") double learning_rate,
    @Doc(value = "anneal the learning rate linearly to 0 over training", dflt = "false") boolean anneal_lr,
    @Doc(value = "Adam epsilon", dflt = "1.0e-5") double adam_eps,
    @Doc(value = "optimization epochs over each iteration's kept decisions", dflt = "1") int epochs,
    @Doc(value = "minibatches per epoch (kept decisions / minibatches = minibatch size)", dflt = "4") int minibatches,
    @Doc(value = "ratio granularity: 'token', 'action' (sum over a step's dims) or 'chunk' (sum over the whole chunk)", dflt = "token") LogProbLevel log_prob,
    @Doc(value = "how the loss averages: 'decisions' (every decision alike, so a long episode weighs more: the token mean of DAPO) or 'episodes' (every kept episode alike whatever its length)", dflt = "decisions") LossMean loss_mean,
    @Doc(value = "lower ratio clip: ratios below 1 - clip_low are clipped", dflt = "0.2") double clip_low,
    @Doc(value = "upper ratio clip: ratios above 1 + clip_high are clipped (clip-higher when > clip_low)", dflt = "0.28") double clip_high,
    @Doc(value = "dual clip c > 1 bounds the loss of negative-advantage rows at -c * A; 0 = off", dflt = "3.0") double dual_clip,
    @Doc(value = "KL penalty coefficient to the reference policy (the weights training started from, e.g. the SFT checkpoint), k3 estimator; 0 = off", dflt = "0.0") double kl_coef,
    @Doc(value = "entropy bonus coefficient (entropy summed over a decision's tokens)", dflt = "0.0") double ent_coef,
    @Doc(value = "sampling temperature of the rollouts (logits / T, also in the loss); 1 = the policy's own distribution", dflt = "1.0") double temperature,
    @Doc(value = "clip gradients to this global L2 norm", dflt = "1.0") double max_grad_norm) {

  /** What an episode's reward is. */
  public enum Reward {
    /** 1 when the success predicate held at any step of the episode, else 0. */
    SUCCESS,
    /** The episode's summed env reward. */
    RETURN;

    @Override
    public String toString() {
      return name().toLowerCase();
    }
  }

  /** How the policy loss averages over the kept decisions. */
  public enum LossMean {
    /** Every decision weighs the same; an episode weighs in proportion to its length. */
    DECISIONS,
    /** Every kept episode weighs the same; its decisions share its weight. */
    EPISODES;

    @Override
    public String toString() {
      return name().toLowerCase();
    }
  }

  public GrpoConfig {
    require(group_size >= 2, "group_size must be at least 2 (got " + group_size
        + "): GRPO compares each episode with the other members of its group");
    require(reward != null, "reward must be 'success' or 'return'");
    require(log_prob != null, "log_prob must be 'token', 'action' or 'chunk'");
    require(loss_mean != null, "loss_mean must be 'decisions' or 'episodes'");
    require(band_low < band_high, "band_low (" + band_low + ") must be below band_high ("
        + band_high + ")");
    require(learning_rate > 0, "learning_rate must be positive");
    require(adam_eps > 0, "adam_eps must be positive");
    require(epochs >= 1, "epochs must be at least 1");
    require(minibatches >= 1, "minibatches must be at least 1");
    require(clip_low > 0 && clip_low < 1, "clip_low must be in (0, 1), got " + clip_low);
    require(clip_high > 0, "clip_high must be positive, got " + clip_high);
    require(dual_clip == 0 || dual_clip > 1, "dual_clip must be 0 (off) or above 1, got " + dual_clip);
    require(kl_coef >= 0, "kl_coef must be >= 0 (0 turns the KL penalty off)");
    require(ent_coef >= 0, "ent_coef must be >= 0");
    require(temperature > 0, "temperature must be positive, got " + temperature);
    require(max_grad_norm > 0, "max_grad_norm must be positive");
  }

  /** The group filter of {@code band_low} and {@code band_high}. */
  public GroupFilter filter() {
    return new GroupFilter(band_low, band_high);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
