package ai.vlarl.framework.rl;

import ai.djl.ndarray.NDManager;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.Evaluation;
import ai.vlarl.framework.policy.PolicyStep;

/**
 * A policy that can sample from its token distributions at a temperature T: logits / T before the
 * softmax, both when acting and when evaluating log-probs for the loss (so the ratio compares the
 * distributions that were actually sampled from, as SimpleVLA-RL does). A {@link
 * ai.vlarl.framework.policy.Policy} implements it to support {@code algo.temperature != 1}.
 */
public interface TemperatureSampling {

  /** As {@code Policy.act(obs, false, rng)} with logits divided by {@code temperature}. */
  PolicyStep act(Observations obs, Rng rng, double temperature);

  /** As {@code Policy.evaluate} with logits divided by {@code temperature}. */
  Evaluation evaluate(NDManager manager, Observations obs, HostArray tokens, double temperature);
}
