package ai.vlarl.framework.rl;

/**
 * GRPO's group-normalized advantages (Shao et al. 2024, DeepSeekMath): the N episodes of an
 * iteration form N / G consecutive groups of G (sub-envs {@code g·G .. g·G + G - 1}), each started
 * from one shared initial state, and every episode's advantage is its reward standardized within
 * its group:
 *
 * <pre>
 *   A_i = (r_i - mean_g(r)) / (std_g(r) + eps)
 * </pre>
 *
 * with {@code std} the sample standard deviation (Bessel-corrected, divisor G - 1, as
 * {@code torch.std} in verl / SimpleVLA-RL). A group of equal rewards gets A = 0 for every member:
 * it carries no signal. The advantage is broadcast to every decision of the episode (there is no
 * critic).
 */
public final class GroupAdvantages {
  /** The default {@code eps}. */
  public static final double EPS = 1e-6;

  private GroupAdvantages() {}

  /**
   * @param rewards one reward per episode, {@code N = rewards.length}
   * @param groupSize G, at least 2, dividing N
   * @return the advantage of each episode
   */
  public static float[] compute(float[] rewards, int groupSize, double eps) {
    checkGroups(rewards.length, groupSize);
    float[] adv = new float[rewards.length];
    for (int g = 0; g < rewards.length; g += groupSize) {
      double mean = 0;
      for (int k = 0; k < groupSize; k++) {
        mean += rewards[g + k];
      }
      mean /= groupSize;
      double ss = 0;
      for (int k = 0; k < groupSize; k++) {
        ss += (rewards[g + k] - mean) * (rewards[g + k] - mean);
      }
      double std = Math.sqrt(ss / (groupSize - 1));
      for (int k = 0; k < groupSize; k++) {
        adv[g + k] = ss == 0 ? 0f : (float) ((rewards[g + k] - mean) / (std + eps));
      }
    }
    return adv;
  }

  /** Fails unless {@code groupSize >= 2} divides {@code n}. */
  static void checkGroups(int n, int groupSize) {
    if (groupSize < 2) {
      throw new IllegalArgumentException("a GRPO group needs at least 2 members (got group size "
          + groupSize + "): a lone episode has no group to be compared with");
    }
    if (n % groupSize != 0) {
      throw new IllegalArgumentException(
          n + " episodes do not split into groups of " + groupSize);
    }
  }
}
