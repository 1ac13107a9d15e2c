package ai.vlarl.framework.rl;

import ai.djl.ndarray.NDArray;

/**
 * The PPO objective (Schulman et al. 2017) on one minibatch, as CleanRL writes it.
 *
 * <pre>
 *   ratio      = exp(newLogp - oldLogp)
 *   pg_loss    = mean( max(-A * ratio, -A * clip(ratio, 1 - eps, 1 + eps)) )
 *   v_loss     = 0.5 * mean( (V - R)^2 )                                  (unclipped)
 *              = 0.5 * mean( max((V - R)^2, (V_old + clip(V - V_old, -eps, eps) - R)^2) )  (clipped)
 *   loss       = pg_loss - ent_coef * entropy + vf_coef * v_loss
 *   approx_kl  = mean( (ratio - 1) - log(ratio) )       (k3 estimator, always >= 0)
 *   clip_frac  = mean( |ratio - 1| > eps )
 * </pre>
 *
 * All inputs are 1-D of the minibatch size; advantages are normalized by the caller if wanted.
 */
public final class PpoLoss {
  private PpoLoss() {}

  /** The loss and its parts. The scalars are NDArrays of the inputs' manager. */
  public record Terms(NDArray loss, NDArray policyLoss, NDArray valueLoss, NDArray entropy,
      NDArray approxKl, NDArray clipFraction) {}

  /**
   * @param newLogp log-probs under the current weights (differentiable)
   * @param oldLogp log-probs at collection time
   * @param advantages advantage estimates
   * @param newValue value estimates under the current weights (differentiable)
   * @param oldValue value estimates at collection time
   * @param returns value targets
   * @param entropy per-row entropy (differentiable)
   * @param clipCoef eps of the ratio clip (and of the value clip)
   * @param clipValueLoss whether to clip the value loss
   * @param entCoef entropy bonus coefficient
   * @param vfCoef value loss coefficient
   */
  public static Terms compute(NDArray newLogp, NDArray oldLogp, NDArray advantages,
      NDArray newValue, NDArray oldValue, NDArray returns, NDArray entropy,
      double clipCoef, boolean clipValueLoss, double entCoef, double vfCoef) {
    NDArray logRatio = newLogp.sub(oldLogp);
    NDArray ratio = logRatio.exp();
    NDArray pg1 = advantages.neg().mul(ratio);
    NDArray pg2 = advantages.neg().mul(ratio.clip((float) (1 - clipCoef), (float) (1 + clipCoef)));
    NDArray policyLoss = pg1.maximum(pg2).mean();
    NDArray valueLoss = valueLoss(newValue, oldValue, returns, clipCoef, clipValueLoss);
    NDArray ent = entropy.mean();
    NDArray loss = policyLoss.sub(scale(ent, (float) entCoef)).add(scale(valueLoss, (float) vfCoef));

    NDArray approxKl = ratio.sub(1f).sub(logRatio).mean();
    NDArray clipFrac = ratio.sub(1f).abs().gt((float) clipCoef).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mean();
    return new Terms(loss, policyLoss, valueLoss, ent, approxKl, clipFrac);
  }

  /**
   * As {@link #compute(NDArray, NDArray, NDArray, NDArray, NDArray, NDArray, NDArray, double,
   * boolean, double, double)} with the policy term given: a {@link Surrogate} (asymmetric clip,
   * dual clip, token- or action-level ratios). The value loss is clipped with {@code clipCoef}.
   */
  public static Terms compute(Surrogate.Terms surrogate, NDArray newValue, NDArray oldValue,
      NDArray returns, NDArray entropy, double clipCoef, boolean clipValueLoss, double entCoef,
      double vfCoef) {
    NDArray valueLoss = valueLoss(newValue, oldValue, returns, clipCoef, clipValueLoss);
    NDArray ent = entropy.mean();
    NDArray loss = surrogate.loss().sub(scale(ent, (float) entCoef)).add(scale(valueLoss, (float) vfCoef));
    return new Terms(loss, surrogate.loss(), valueLoss, ent, surrogate.approxKl(),
        surrogate.clipFraction());
  }

  private static NDArray valueLoss(NDArray newValue, NDArray oldValue, NDArray returns,
      double clipCoef, boolean clipValueLoss) {
    NDArray vUnclipped = newValue.sub(returns).square();
    if (clipValueLoss) {
      NDArray vClipped = oldValue.add(newValue.sub(oldValue).clip((float) -clipCoef, (float) clipCoef));
      return scale(vUnclipped.maximum(vClipped.sub(returns).square()).mean(), 0.5f);
    }
    return scale(vUnclipped.mean(), 0.5f);
  }

  /**
   * {@code x * s} for a tensor on the autograd path. Not {@code x.mul(float)}: DJL's PyTorch engine
   * wraps the Java scalar in a tensor over a Java direct buffer and closes it after the op, while
   * autograd keeps that tensor for the backward pass; a garbage collection in between frees the
   * buffer and the gradient is computed from freed memory (seen as sporadic NaN losses). A scalar
   * allocated by libtorch in {@code x}'s scope lives until the scope closes.
   */
  static NDArray scale(NDArray x, float s) {
    return x.mul(x.getManager().full(new ai.djl.ndarray.types.Shape(), s, x.getDataType()));
  }

  /** {@code (a - mean(a)) / (std(a) + 1e-8)}, std with Bessel's correction as in PyTorch. */
  public static NDArray normalize(NDArray a) {
    long n = a.size();
    NDArray centered = a.sub(a.mean());
    NDArray std = centered.square().sum().div((float) Math.max(1, n - 1)).sqrt();
    return centered.div(std.add(1e-8f));
  }
}
