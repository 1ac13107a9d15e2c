package ai.vlarl.framework.eval;

/**
 * Wilson score intervals for a success rate: unlike the normal ("Wald") interval they stay inside
 * [0, 1] and keep their coverage near 0% and 100% success, where small robot evaluations live.
 *
 * <p>For k successes in n trials, p = k / n and z the normal quantile:
 *
 * <pre>
 *   center = (p + z²/(2n)) / (1 + z²/n)
 *   half   = z / (1 + z²/n) · sqrt(p(1 − p)/n + z²/(4n²))
 * </pre>
 */
public final class Wilson {
  /** The normal quantile of a two-sided 95% interval (Φ⁻¹(0.975)). */
  public static final double Z95 = 1.959963984540054;

  private Wilson() {}

  /** A closed interval [low, high] within [0, 1]. */
  public record Interval(double low, double high) {}

  /** The 95% interval of {@code successes} in {@code trials}; [0, 1] when there are no trials. */
  public static Interval interval95(int successes, int trials) {
    return interval(successes, trials, Z95);
  }

  /** The interval of {@code successes} in {@code trials} for the normal quantile {@code z}. */
  public static Interval interval(int successes, int trials, double z) {
    if (trials < 0 || successes < 0 || successes > trials) {
      throw new IllegalArgumentException(successes + " successes in " + trials + " trials");
    }
    if (trials == 0) {
      return new Interval(0, 1);
    }
    double n = trials;
    double p = successes / n;
    double z2 = z * z;
    double denom = 1 + z2 / n;
    double center = (p + z2 / (2 * n)) / denom;
    double half = z / denom * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    // exact at the ends: k = 0 gives low = 0 and k = n gives high = 1 (up to rounding)
    double low = successes == 0 ? 0 : Math.max(0, center - half);
    double high = successes == trials ? 1 : Math.min(1, center + half);
    return new Interval(low, high);
  }
}
