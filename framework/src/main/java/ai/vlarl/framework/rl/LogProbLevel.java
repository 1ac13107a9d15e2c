package ai.vlarl.framework.rl;

import ai.djl.ndarray.NDArray;
import ai.vlarl.framework.core.HostArray;

/**
 * At which granularity the policy-gradient ratio is formed (RLinf-VLA's "log-prob granularity").
 * A decision's tokens are {@code [chunk, dim]}:
 *
 * <ul>
 *   <li>{@code token}: one ratio per token ({@code chunk · dim} ratios per decision);
 *   <li>{@code action}: one per action step, its tokens' log-probs summed over {@code dim} ({@code
 *       chunk} ratios);
 *   <li>{@code chunk}: one per decision, all its tokens' log-probs summed.
 * </ul>
 *
 * The decision's advantage is shared by all its ratios; the policy loss is the mean over every
 * ratio of the minibatch.
 */
public enum LogProbLevel {
  TOKEN,
  ACTION,
  CHUNK;

  /** Ratios per decision. */
  public int units(int chunk, int dim) {
    return switch (this) {
      case TOKEN -> chunk * dim;
      case ACTION -> chunk;
      case CHUNK -> 1;
    };
  }

  /**
   * Reduces differentiable token log-probs {@code [B, chunk, dim]}: {@code [B, chunk·dim]} for
   * token, {@code [B, chunk]} for action, {@code [B]} for chunk.
   */
  public NDArray reduce(NDArray tokenLogProb) {
    return switch (this) {
      case TOKEN -> tokenLogProb.reshape(tokenLogProb.getShape().get(0), -1);
      case ACTION -> tokenLogProb.sum(new int[] {2});
      case CHUNK -> tokenLogProb.sum(new int[] {1, 2});
    };
  }

  /**
   * Host-side reduction of stored log-probs {@code [R, chunk, dim]} to {@code R · units} values
   * (row-major), summing in the same order as {@link #reduce} does.
   */
  public float[] reduce(HostArray tokenLogProb, int rows) {
    int[] s = tokenLogProb.shape();
    int chunk = s[1];
    int dim = s[2];
    int per = chunk * dim;
    int units = units(chunk, dim);
    int group = per / units;
    float[] all = tokenLogProb.toFloatArray();
    float[] out = new float[rows * units];
    for (int r = 0; r < rows; r++) {
      for (int u = 0; u < units; u++) {
        float sum = 0;
        for (int k = 0; k < group; k++) {
          sum += all[r * per + u * group + k];
        }
        out[r * units + u] = sum;
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return name().toLowerCase();
  }
}
