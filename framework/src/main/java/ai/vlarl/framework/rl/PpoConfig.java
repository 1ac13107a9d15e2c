package ai.vlarl.framework.rl;

import ai.vlarl.framework.config.Doc;

/** Hyperparameters of PPO ({@code algo.kind: ppo}). Defaults follow CleanRL's ppo.py. */
public record PpoConfig(
    @Doc(value = "Adam learning rate", dflt = "3.0e-4") double learning_rate,
    @Doc(value = "anneal the learning rate linearly to 0 over training", dflt = "true") boolean anneal_lr,
    @Doc(value = "Adam epsilon", dflt = "1.0e-5") double adam_eps,
    @Doc(value = "discount factor gamma per decision (action chunk)", dflt = "0.99") double gamma,
    @Doc(value = "GAE lambda", dflt = "0.95") double gae_lambda,
    @Doc(value = "optimization epochs over each rollout", dflt = "4") int epochs,
    @Doc(value = "minibatches per epoch (rollout rows / minibatches = minibatch size)", dflt = "4") int minibatches,
    @Doc(value = "ratio clip epsilon of the surrogate objective", dflt = "0.2") double clip_coef,
    @Doc(value = "clip the value loss around the old values as well", dflt = "true") boolean clip_vloss,
    @Doc(value = "entropy bonus coefficient (entropy summed over action tokens)", dflt = "0.01") double ent_coef,
    @Doc(value = "value loss coefficient", dflt = "0.5") double vf_coef,
    @Doc(value = "clip gradients to this global L2 norm", dflt = "0.5") double max_grad_norm,
    @Doc(value = "stop the epochs early when the approx. KL exceeds this; 0 = never", dflt = "0") double target_kl,
    @Doc(value = "normalize advantages per minibatch", dflt = "true") boolean norm_adv,
    @Doc(value = "ratio granularity: 'token' (one ratio per token), 'action' (tokens summed over a step's dims) or 'chunk' (summed over the whole chunk)", dflt = "chunk") LogProbLevel log_prob,
    @Doc(value = "upper ratio clip (ratios above 1 + this are clipped; clip-higher when > clip_coef); 0 = clip_coef", dflt = "0") double clip_coef_high,
    @Doc(value = "dual clip c > 1 bounds the loss of negative-advantage rows at -c * A; 0 = off", dflt = "0") double dual_clip,
    @Doc(value = "learning rate of the value head (parameters named *critic* or *value*); 0 = learning_rate (annealed alike)", dflt = "0") double value_learning_rate,
    @Doc(value = "reset finished sub-envs at once (true), or let them wait until every sub-env's episode has ended and reset all together (false; ManiSkill3's partial_reset)", dflt = "true") boolean partial_resets) {

  public PpoConfig {
    require(learning_rate > 0, "learning_rate must be positive");
    require(gamma >= 0 && gamma <= 1, "gamma must be in [0, 1]");
    require(gae_lambda >= 0 && gae_lambda <= 1, "gae_lambda must be in [0, 1]");
    require(epochs >= 1, "epochs must be at least 1");
    require(minibatches >= 1, "minibatches must be at least 1");
    require(clip_coef > 0, "clip_coef must be positive");
    require(max_grad_norm > 0, "max_grad_norm must be positive");
    require(target_kl >= 0, "target_kl must be >= 0 (0 turns it off)");
    require(adam_eps > 0, "adam_eps must be positive");
    require(log_prob != null, "log_prob must be 'token', 'action' or 'chunk'");
    require(clip_coef_high >= 0, "clip_coef_high must be >= 0 (0 = clip_coef)");
    require(dual_clip == 0 || dual_clip > 1, "dual_clip must be 0 (off) or above 1, got " + dual_clip);
    require(value_learning_rate >= 0, "value_learning_rate must be >= 0 (0 = learning_rate)");
  }

  /** The upper ratio clip in effect. */
  public double clipHigh() {
    return clip_coef_high > 0 ? clip_coef_high : clip_coef;
  }

  /** Whether the policy loss is the plain symmetric chunk-level PPO objective. */
  public boolean plainSurrogate() {
    return log_prob == LogProbLevel.CHUNK && clipHigh() == clip_coef && dual_clip == 0;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
