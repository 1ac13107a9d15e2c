package ai.vlarl.experiments.report;

import java.util.List;

/**
 * Several seeds' curves of one algorithm on a common x grid: mean, and min / max (the spread
 * drawn as a band), on a grid from 0 to a given end (the shortest run's last x, so every point
 * averages every seed; curves are held flat past their last point).
 *
 * @param x grid
 * @param mean mean success over seeds at each x
 * @param min lowest seed at each x
 * @param max highest seed at each x
 */
public record Band(double[] x, double[] mean, double[] min, double[] max) {

  /** The shortest of {@code curves}' last x (the common end of a grid). */
  public static double end(List<Curve> curves, boolean wallClock) {
    double end = Double.POSITIVE_INFINITY;
    for (Curve c : curves) {
      double[] xs = c.x(wallClock);
      end = Math.min(end, xs.length == 0 ? 0 : xs[xs.length - 1]);
    }
    return end;
  }

  /** Aggregates {@code curves} on {@code points} evenly spaced x values from 0 to {@code end}. */
  public static Band of(List<Curve> curves, boolean wallClock, int points, double end) {
    double[] x = new double[points];
    double[] mean = new double[points];
    double[] min = new double[points];
    double[] max = new double[points];
    for (int p = 0; p < points; p++) {
      x[p] = end * p / (points - 1);
      double s = 0;
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (Curve c : curves) {
        double v = c.at(x[p], wallClock);
        s += v;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      mean[p] = s / curves.size();
      min[p] = lo;
      max[p] = hi;
    }
    return new Band(x, mean, min, max);
  }
}
