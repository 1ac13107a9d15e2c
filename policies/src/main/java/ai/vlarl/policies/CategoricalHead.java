package ai.vlarl.policies;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.vlarl.framework.core.Rng;

/**
 * Factorized categorical action heads: one categorical over {@code bins} tokens for each of {@code
 * slots = chunk × actionDim} action slots, all slots independent given the observation. Written
 * once for every token policy: the differentiable side (log-softmax, log-prob of given tokens,
 * entropy) works on NDArrays, the sampling side on host floats with an {@link Rng}.
 */
public final class CategoricalHead {
  private CategoricalHead() {}

  /**
   * Log-probabilities over bins: logits {@code [B, chunk·dim·bins]} (slot-major, bins fastest) to
   * {@code log_softmax} of shape {@code [B, chunk, dim, bins]}.
   */
  public static NDArray logProbs(NDArray logits, int chunk, int dim, int bins) {
    long b = logits.getShape().get(0);
    return logits.reshape(b, chunk, dim, bins).logSoftmax(3);
  }

  /**
   * Log-probability of the given tokens: {@code logProbs [B, chunk, dim, bins]}, {@code tokens}
   * integer {@code [B, chunk, dim]} → {@code [B, chunk, dim]}.
   */
  public static NDArray tokenLogProb(NDArray logProbs, NDArray tokens) {
    NDArray idx = tokens.toType(DataType.INT64, false).expandDims(3);
    return logProbs.gather(idx, 3).squeeze(3);
  }

  /** Entropy {@code -Σ p log p} of each slot: {@code [B, chunk, dim, bins]} → {@code [B, chunk, dim]}. */
  public static NDArray entropy(NDArray logProbs) {
    return logProbs.exp().mul(logProbs).sum(new int[] {3}).neg();
  }

  /**
   * Chooses one token per slot from host log-probabilities.
   *
   * <p>Sampling is by inverse CDF: for slot s (row-major over {@code [rows, slots]}) one {@code
   * u = rng.nextDouble()} is drawn and the first token whose cumulative probability {@code exp(lp)}
   * exceeds {@code u · Σ exp(lp)} is taken (normalizing by the computed sum removes the rounding
   * gap at the top). Exactly one draw per slot, in that order, so equal {@code Rng} states give
   * equal tokens. Greedy takes the most likely token (the lowest index among ties) and draws
   * nothing.
   *
   * @param logp {@code [rows · slots · bins]} log-probabilities, bins fastest
   * @param tokens out: {@code [rows · slots]} chosen tokens
   * @param chosenLogp out: {@code [rows · slots]} log-probability of each chosen token
   */
  public static void choose(
      float[] logp, int bins, boolean greedy, Rng rng, int[] tokens, float[] chosenLogp) {
    int n = tokens.length;
    if (logp.length != n * bins || chosenLogp.length != n) {
      throw new IllegalArgumentException(
          logp.length + " log-probs do not match " + n + " slots of " + bins + " bins");
    }
    double[] cdf = new double[bins];
    for (int s = 0; s < n; s++) {
      int off = s * bins;
      int pick;
      if (greedy) {
        pick = 0;
        for (int k = 0; k < bins; k++) {
          if (Float.isNaN(logp[off + k])) {
            throw notFinite(s);
          }
          if (logp[off + k] > logp[off + pick]) {
            pick = k;
          }
        }
      } else {
        double acc = 0;
        for (int k = 0; k < bins; k++) {
          acc += Math.exp(logp[off + k]);
          cdf[k] = acc;
        }
        if (!(acc > 0) || Double.isInfinite(acc)) {
          throw notFinite(s);
        }
        double u = rng.nextDouble() * acc;
        pick = bins - 1;
        for (int k = 0; k < bins; k++) {
          if (u < cdf[k]) {
            pick = k;
            break;
          }
        }
      }
      tokens[s] = pick;
      chosenLogp[s] = logp[off + pick];
    }
  }

  private static IllegalStateException notFinite(int slot) {
    return new IllegalStateException(
        "action slot " + slot + " has no valid probabilities (NaN or infinite logits):"
            + " the policy weights have diverged");
  }
}
