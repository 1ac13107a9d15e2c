package ai.vlarl.simbridge.protocol;

import ai.vlarl.simbridge.wire.ErrorCode;
import ai.vlarl.simbridge.wire.WireException;
import java.nio.FloatBuffer;

/**
 * A float field of a reply holds NaN or an infinity: the simulator produced it. Caught where the
 * reply is read, so that it is reported with the field and the sub-env instead of as a diverged
 * loss or an invalid policy distribution many steps later.
 */
public final class NonFiniteValue extends WireException {
  private NonFiniteValue(String message) {
    super(ErrorCode.BAD_ARRAY, message);
  }

  /**
   * Checks {@code rows} rows of float values (a direct or heap buffer, from position 0); cheap: one
   * multiply-add per value, and a second pass only to describe a failure.
   *
   * @param where the field, e.g. {@code step reply.obs.state}
   * @param subEnvs the sub-env of each row, or null when row i is sub-env i
   * @throws NonFiniteValue naming the field, the first sub-env with a non-finite value, and how many have one
   */
  public static void requireFinite(FloatBuffer values, int rows, String where, int[] subEnvs) {
    int n = values.limit();
    float poison = 0f;
    for (int i = 0; i < n; i++) {
      poison += values.get(i) * 0f; // 0 for a finite value; NaN for NaN and either infinity
    }
    if (!Float.isNaN(poison)) {
      return;
    }
    int rowSize = n / rows;
    int first = -1;
    int badRows = 0;
    for (int r = 0; r < rows; r++) {
      for (int i = r * rowSize; i < (r + 1) * rowSize; i++) {
        if (!Float.isFinite(values.get(i))) {
          first = first < 0 ? i : first;
          badRows++;
          break;
        }
      }
    }
    throw failure(where, values.get(first), subEnv(first / rowSize, subEnvs), badRows, rows);
  }

  /** As {@link #requireFinite(FloatBuffer, int, String, int[])} for one value per sub-env. */
  public static void requireFinite(float[] values, String where, int[] subEnvs) {
    requireFinite(FloatBuffer.wrap(values), values.length, where, subEnvs);
  }

  /** As {@link #requireFinite(float[], String, int[])} for doubles (episode returns). */
  public static void requireFinite(double[] values, String where, int[] subEnvs) {
    int first = -1;
    int bad = 0;
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        first = first < 0 ? i : first;
        bad++;
      }
    }
    if (first >= 0) {
      throw failure(where, values[first], subEnv(first, subEnvs), bad, values.length);
    }
  }

  private static int subEnv(int row, int[] subEnvs) {
    return subEnvs == null ? row : subEnvs[row];
  }

  private static NonFiniteValue failure(String where, double value, int subEnv, int badRows, int rows) {
    return new NonFiniteValue(where + " is " + value + " for sub-env " + subEnv
        + (badRows > 1 ? " (and for " + (badRows - 1) + " more of the " + rows + " sub-envs in it)" : ""));
  }
}
