package ai.vlarl.framework.rl;

/**
 * Which GRPO groups to learn from, by their success rate (SimpleVLA-RL's dynamic sampling): a
 * group is kept when {@code low < successes / G < high}, both bounds exclusive. The defaults {@code
 * low = 0, high = 1} drop the all-fail and the all-success groups, whose binary rewards are all
 * equal and whose advantages are all zero; SimpleVLA-RL's 0.1–0.9 keeps, for G = 8, the groups
 * with 1 to 7 successes.
 *
 * @param low exclusive lower bound of the success rate, in [0, 1); below 0 keeps all-fail groups
 * @param high exclusive upper bound, in (0, 1]; above 1 keeps all-success groups
 */
public record GroupFilter(double low, double high) {

  public GroupFilter {
    if (!(low < high)) {
      throw new IllegalArgumentException("the group filter band must have low < high, got ["
          + low + ", " + high + "]");
    }
  }

  /** Keeps every group. */
  public static GroupFilter none() {
    return new GroupFilter(-1, 2);
  }

  /**
   * @param success per episode, {@code N} entries in groups of {@code groupSize}
   * @return per group (N / G entries), whether it is kept
   */
  public boolean[] keep(boolean[] success, int groupSize) {
    GroupAdvantages.checkGroups(success.length, groupSize);
    boolean[] keep = new boolean[success.length / groupSize];
    for (int g = 0; g < keep.length; g++) {
      int s = 0;
      for (int k = 0; k < groupSize; k++) {
        s += success[g * groupSize + k] ? 1 : 0;
      }
      double rate = (double) s / groupSize;
      keep[g] = rate > low && rate < high;
    }
    return keep;
  }
}
