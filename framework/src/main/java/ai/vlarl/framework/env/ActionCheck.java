package ai.vlarl.framework.env;

import ai.vlarl.framework.core.DType;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.UserException;
import java.util.Arrays;

/** Validates an action batch against an {@link EnvSpec}, with errors that name the culprit. */
public final class ActionCheck {
  /** Tolerance on the [-1, 1] bounds for float rounding. */
  static final float BOUND_TOLERANCE = 1e-5f;

  private ActionCheck() {}

  /**
   * Checks dtype, shape {@code [N, chunk, dim]} with {@code 1 <= chunk <= maxChunk}, finiteness and
   * range.
   *
   * @return the chunk length
   * @throws UserException naming the first problem found
   */
  public static int validate(EnvSpec spec, HostArray actions) {
    int n = spec.numEnvs();
    ActionSpec a = spec.action();
    if (actions.dtype() != DType.FLOAT32) {
      throw new UserException("actions must be float32, got " + actions.dtype());
    }
    int[] s = actions.shape();
    if (s.length != 3 || s[0] != n || s[2] != a.dim() || s[1] < 1 || s[1] > a.maxChunk()) {
      throw new UserException(
          "actions have shape " + Arrays.toString(s) + ", expected [" + n + ", chunk, " + a.dim()
              + "] with 1 <= chunk <= " + a.maxChunk() + " for env " + spec.name());
    }
    int chunk = s[1];
    java.nio.FloatBuffer f = actions.floats();
    for (int i = 0; i < f.limit(); i++) {
      float v = f.get(i);
      if (!Float.isFinite(v) || v < -1 - BOUND_TOLERANCE || v > 1 + BOUND_TOLERANCE) {
        int env = i / (chunk * a.dim());
        int step = (i / a.dim()) % chunk;
        int dim = i % a.dim();
        throw new UserException(
            "action for sub-env " + env + ", chunk step " + step + ", dim " + dim + " ("
                + a.names().get(dim) + ") is " + v + (Float.isFinite(v) ? ", outside [-1, 1]" : ""));
      }
    }
    return chunk;
  }
}
