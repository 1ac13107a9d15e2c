package ai.vlarl.policies.vla;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * OpenVLA's action normalization statistics: per dimension, the 1st and 99th percentiles of the
 * demonstrations' actions and a mask of the dimensions to normalize. Stored with every VLA
 * checkpoint, since a policy's tokens only mean something together with them.
 *
 * <pre>
 *   normalize(x)   = clip(2 (x - q01) / (q99 - q01 + 1e-8) - 1, -1, 1)     where mask
 *   unnormalize(n) = 0.5 (n + 1) (q99 - q01) + q01                         where mask
 * </pre>
 *
 * Unmasked dimensions pass through unchanged (OpenVLA leaves the gripper unnormalized this way).
 * Percentiles are numpy's default ({@code np.quantile(..., method="linear")}).
 *
 * @param q01 1st percentile per dimension
 * @param q99 99th percentile per dimension
 * @param mask which dimensions are normalized
 */
public record ActionStats(float[] q01, float[] q99, boolean[] mask) {

  public ActionStats {
    if (q01.length != q99.length || q01.length != mask.length || q01.length == 0) {
      throw new IllegalArgumentException(
          "action stats need q01, q99 and mask of one equal, positive length; got "
              + q01.length + ", " + q99.length + ", " + mask.length);
    }
    for (int d = 0; d < q01.length; d++) {
      if (!Float.isFinite(q01[d]) || !Float.isFinite(q99[d]) || q99[d] < q01[d]) {
        throw new IllegalArgumentException(
            "action stats of dimension " + d + " invalid: q01=" + q01[d] + ", q99=" + q99[d]);
      }
    }
    q01 = q01.clone();
    q99 = q99.clone();
    mask = mask.clone();
  }

  /** Statistics that leave actions in [-1, 1] as they are ({@code q01 = -1}, {@code q99 = 1}). */
  public static ActionStats identity(int dim) {
    float[] lo = new float[dim];
    float[] hi = new float[dim];
    boolean[] m = new boolean[dim];
    Arrays.fill(lo, -1f);
    Arrays.fill(hi, 1f);
    Arrays.fill(m, true);
    return new ActionStats(lo, hi, m);
  }

  /**
   * Percentiles of {@code actions} (row-major {@code [rows, dim]}), every dimension masked in.
   *
   * @throws IllegalArgumentException with no rows or a non-finite value
   */
  public static ActionStats fromActions(float[] actions, int dim) {
    int rows = actions.length / dim;
    if (rows == 0 || actions.length % dim != 0) {
      throw new IllegalArgumentException(
          actions.length + " action values do not form rows of " + dim + " (need at least one row)");
    }
    float[] lo = new float[dim];
    float[] hi = new float[dim];
    boolean[] m = new boolean[dim];
    double[] col = new double[rows];
    for (int d = 0; d < dim; d++) {
      for (int r = 0; r < rows; r++) {
        float v = actions[r * dim + d];
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException("action row " + r + " dimension " + d + " is " + v);
        }
        col[r] = v;
      }
      Arrays.sort(col);
      lo[d] = (float) quantile(col, 0.01);
      hi[d] = (float) quantile(col, 0.99);
      m[d] = true;
    }
    return new ActionStats(lo, hi, m);
  }

  /** numpy's linear quantile of sorted values. */
  static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int i = (int) Math.floor(h);
    if (i >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
  }

  public int dim() {
    return q01.length;
  }

  /** The normalized value of {@code x} in dimension {@code d}, in [-1, 1] where masked. */
  public float normalize(int d, float x) {
    if (!mask[d]) {
      return x;
    }
    double n = 2.0 * (x - q01[d]) / (q99[d] - q01[d] + 1e-8) - 1.0;
    return (float) Math.max(-1.0, Math.min(1.0, n));
  }

  /** The action value of normalized {@code n} in dimension {@code d}. */
  public float unnormalize(int d, float n) {
    if (!mask[d]) {
      return n;
    }
    return (float) (0.5 * (n + 1.0) * (q99[d] - q01[d]) + q01[d]);
  }

  /** Writes the statistics (dimension, then q01, q99, mask per dimension). */
  public void write(DataOutputStream out) throws IOException {
    out.writeInt(dim());
    for (int d = 0; d < dim(); d++) {
      out.writeFloat(q01[d]);
      out.writeFloat(q99[d]);
      out.writeBoolean(mask[d]);
    }
  }

  /** Reads statistics written by {@link #write}. */
  public static ActionStats read(DataInputStream in) throws IOException {
    int dim = in.readInt();
    if (dim < 1 || dim > 4096) {
      throw new IOException("action stats of " + dim + " dimensions: corrupt stream");
    }
    float[] lo = new float[dim];
    float[] hi = new float[dim];
    boolean[] m = new boolean[dim];
    for (int d = 0; d < dim; d++) {
      lo[d] = in.readFloat();
      hi[d] = in.readFloat();
      m[d] = in.readBoolean();
    }
    try {
      return new ActionStats(lo, hi, m);
    } catch (IllegalArgumentException e) {
      throw new IOException("corrupt action stats: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ActionStats s
        && Arrays.equals(q01, s.q01)
        && Arrays.equals(q99, s.q99)
        && Arrays.equals(mask, s.mask);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(q01) + Arrays.hashCode(q99)) + Arrays.hashCode(mask);
  }

  @Override
  public String toString() {
    return "ActionStats[q01=" + Arrays.toString(q01) + ", q99=" + Arrays.toString(q99) + ", mask="
        + Arrays.toString(mask) + "]";
  }
}
