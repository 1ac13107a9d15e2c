package ai.vlarl.framework.rl;

/**
 * Generalized advantage estimation (Schulman et al. 2016) over a time-major rollout.
 *
 * <pre>
 *   delta_t = r_t + gamma * nextValue_t - V_t
 *   A_t     = delta_t + gamma * lambda * (1 - done_t) * A_{t+1}
 *   R_t     = A_t + V_t        (the value target)
 * </pre>
 *
 * {@code nextValue_t} is V(s_{t+1}) while the episode continues, V(final observation) when it was
 * truncated (the time limit is not part of the task, so we bootstrap), and 0 when it terminated.
 * {@code done_t} cuts the recursion at any episode end, so advantages never leak across the
 * auto-reset boundary.
 */
public final class Gae {
  private Gae() {}

  /**
   * @return {@code [advantages, returns]}, each {@code [T][N]}
   */
  public static float[][][] compute(
      float[][] rewards, float[][] values, float[][] nextValues, boolean[][] dones,
      double gamma, double lambda) {
    int steps = rewards.length;
    int envs = steps == 0 ? 0 : rewards[0].length;
    float[][] adv = new float[steps][envs];
    float[][] ret = new float[steps][envs];
    for (int i = 0; i < envs; i++) {
      double next = 0;
      for (int t = steps - 1; t >= 0; t--) {
        double delta = rewards[t][i] + gamma * nextValues[t][i] - values[t][i];
        double a = delta + (dones[t][i] ? 0 : gamma * lambda * next);
        adv[t][i] = (float) a;
        ret[t][i] = (float) (a + values[t][i]);
        next = a;
      }
    }
    return new float[][][] {adv, ret};
  }
}
