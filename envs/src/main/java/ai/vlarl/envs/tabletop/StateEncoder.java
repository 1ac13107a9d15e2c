package ai.vlarl.envs.tabletop;

/**
 * The flat state and proprio vectors of a sub-env (plain Java, from the host mirrors).
 *
 * <p>Positions and relative vectors are in workspace units, meters × {@link #SCALE} (= 1 / 0.25 m),
 * so positions lie in [-1, 1] (z in [0, 1]) and differences in [-2, 2]. State layout, with D =
 * {@code distractors}, dimension {@code 20 + 3·D} (26 by default):
 *
 * <pre>
 *  slot     content
 *  0..2     end-effector x, y, z
 *  3        gripper opening: 1 open, 0 closed
 *  4        target block grasped: 1 / 0
 *  5..7     target block center x, y, z
 *  8..10    goal x, y, z: push → zone center, pick-place → plate center, both at the height a block
 *           resting there has; reach → the target block's center (so slots 14..16 are 0)
 *  11..13   target − end-effector
 *  14..16   goal − target
 *  17..19   task one-hot: reach, push, pick-place
 *  20..     distractor block centers x, y, z, 3 slots each, in block order
 * </pre>
 *
 * Proprio ({@link #PROPRIO_DIM} = 5, rgb mode): end-effector x, y, z (scaled as above), gripper
 * opening (1 open, 0 closed), holding any block (1 / 0).
 */
public final class StateEncoder {
  /** Meters to workspace units. */
  public static final float SCALE = 1 / Geometry.HALF_TABLE;
  /** Proprio vector length. */
  public static final int PROPRIO_DIM = 5;
  /** Slots before the distractors. */
  public static final int BASE_DIM = 20;

  private StateEncoder() {}

  /** State dimension for {@code blocks} blocks (target + distractors). */
  public static int stateDim(int blocks) {
    return BASE_DIM + 3 * (blocks - 1);
  }

  /** Writes sub-env {@code i}'s state vector at {@code out[off..]}. */
  static void state(World w, int i, float[] out, int off) {
    float[] ee = new float[3];
    float[] t = new float[3];
    float[] g = new float[3];
    boolean reach = w.episodes[i].task().slot() == 0;
    for (int a = 0; a < 3; a++) {
      ee[a] = w.ee(i, a);
      t[a] = w.block(i, 0, a);
      g[a] = reach ? t[a] : w.goal(i, a);
    }
    for (int a = 0; a < 3; a++) {
      out[off + a] = ee[a] * SCALE;
      out[off + 5 + a] = t[a] * SCALE;
      out[off + 8 + a] = g[a] * SCALE;
      out[off + 11 + a] = (t[a] - ee[a]) * SCALE;
      out[off + 14 + a] = (g[a] - t[a]) * SCALE;
    }
    out[off + 3] = w.closed(i) ? 0 : 1;
    out[off + 4] = w.held(i, 0) ? 1 : 0;
    for (int s = 0; s < World.TASKS; s++) {
      out[off + 17 + s] = w.episodes[i].task().slot() == s ? 1 : 0;
    }
    for (int j = 1; j < w.k; j++) {
      for (int a = 0; a < 3; a++) {
        out[off + BASE_DIM + 3 * (j - 1) + a] = w.block(i, j, a) * SCALE;
      }
    }
  }

  /** Writes sub-env {@code i}'s proprio vector at {@code out[off..]}. */
  static void proprio(World w, int i, float[] out, int off) {
    for (int a = 0; a < 3; a++) {
      out[off + a] = w.ee(i, a) * SCALE;
    }
    out[off + 3] = w.closed(i) ? 0 : 1;
    out[off + 4] = w.holding(i) ? 1 : 0;
  }
}
