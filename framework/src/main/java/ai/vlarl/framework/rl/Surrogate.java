package ai.vlarl.framework.rl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;

/**
 * The clipped policy-gradient surrogate with the options of the VLA RL systems: asymmetric clip
 * ("clip-higher", DAPO; RLinf-VLA ships 0.2 / 0.28) and dual clip (Ye et al. 2020, 3.0 in RLinf).
 *
 * <pre>
 *   ratio    = exp(newLogp - oldLogp)
 *   clipped  = max(-A * ratio, -A * clip(ratio, 1 - clip_low, 1 + clip_high))
 *   dual     = A &lt; 0 ? min(clipped, -A * dual_clip) : clipped          (dual_clip &gt; 1; 0 = off)
 *   loss     = mean(dual)                       over every ratio of the minibatch
 *   approx_kl = mean((ratio - 1) - log ratio)   (k3, old policy to new)
 *   clip_frac = mean(ratio &lt; 1 - clip_low or ratio &gt; 1 + clip_high)
 * </pre>
 *
 * The dual clip bounds the loss of a negative-advantage row whose ratio has grown large (its
 * gradient is then 0), so one stale, very unlikely action cannot dominate a minibatch.
 *
 * <p>{@code newLogp} and {@code oldLogp} are {@code [B]} or {@code [B, K]} (K ratios per decision,
 * see {@link LogProbLevel}); {@code advantages} is {@code [B]}, shared by a decision's K ratios.
 */
public final class Surrogate {
  private Surrogate() {}

  /** The surrogate loss and its diagnostics, scalars of the inputs' manager. */
  public record Terms(NDArray loss, NDArray approxKl, NDArray clipFraction) {}

  public static Terms compute(NDArray newLogp, NDArray oldLogp, NDArray advantages,
      double clipLow, double clipHigh, double dualClip) {
    NDArray a = newLogp.getShape().dimension() == 2
        ? advantages.reshape(advantages.getShape().get(0), 1) : advantages;
    NDArray logRatio = newLogp.sub(oldLogp);
    NDArray ratio = logRatio.exp();
    NDArray pg1 = a.neg().mul(ratio);
    NDArray pg2 = a.neg().mul(ratio.clip((float) (1 - clipLow), (float) (1 + clipHigh)));
    NDArray pg = pg1.maximum(pg2);
    if (dualClip > 0) {
      NDArray cap = a.neg().mul((float) dualClip).broadcast(pg.getShape());
      NDArray negative = a.lt(0f).broadcast(pg.getShape());
      pg = NDArrays.where(negative, pg.minimum(cap), pg);
    }
    NDArray loss = pg.mean();
    NDArray approxKl = ratio.sub(1f).sub(logRatio).mean();
    NDArray outside = ratio.lt((float) (1 - clipLow)).logicalOr(ratio.gt((float) (1 + clipHigh)));
    NDArray clipFrac = outside.toType(DataType.FLOAT32, false).mean();
    return new Terms(loss, approxKl, clipFrac);
  }

  /**
   * The k3 estimator of KL(new || ref) (Schulman 2020; GRPO's KL penalty): with {@code d = refLogp
   * - newLogp}, {@code mean(exp(d) - d - 1)}. Unbiased under samples of the new policy, never
   * negative, 0 when the policies agree on the sampled tokens. Differentiable in {@code newLogp}.
   */
  public static NDArray klToReference(NDArray newLogp, NDArray refLogp) {
    NDArray d = refLogp.sub(newLogp);
    return d.exp().sub(d).sub(1f).mean();
  }
}
