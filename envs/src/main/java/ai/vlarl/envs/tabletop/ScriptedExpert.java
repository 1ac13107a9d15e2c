package ai.vlarl.envs.tabletop;

import static ai.vlarl.envs.tabletop.Geometry.BLOCK_HALF;
import static ai.vlarl.envs.tabletop.Geometry.CONTACT_RADIUS;
import static ai.vlarl.envs.tabletop.Geometry.MAX_STEP;
import static ai.vlarl.envs.tabletop.Geometry.PLATE_RADIUS;

import ai.vlarl.framework.core.HostArray;

/**
 * Scripted experts for every task (plain Java, per sub-env), computing actions from the
 * simulator's true state. They are stateless: each action depends on the current state only, so
 * they recover from perturbations and can take over mid-episode (demonstrations, DAgger, tests).
 *
 * <ul>
 *   <li>reach: move straight to the top of the target block, gripper open.
 *   <li>push: go above the spot behind the block (on the far side from the zone), descend to table
 *       height, push along the block-to-zone line while correcting sideways; lift and realign when
 *       the block drifts off the line; lift away once the block is at the zone's center.
 *   <li>pick-place: go above the block, descend open, close, lift, carry above the plate, lower,
 *       open; then lift away.
 * </ul>
 */
public final class ScriptedExpert {
  /** Height for moving above the blocks. */
  static final float TRAVEL_Z = 0.07f;
  /** Height for carrying a block above the others. */
  static final float CARRY_Z = 0.09f;
  /** Horizontal tolerance for "above" a spot. */
  static final float XY_TOL = 0.006f;

  private ScriptedExpert() {}

  /** Expert actions of all sub-envs, row-major {@code [N, 4]}. */
  public static float[] actions(TabletopSimulator sim) {
    World w = sim.world();
    float[] out = new float[w.n * 4];
    for (int i = 0; i < w.n; i++) {
      act(w, i, out, 4 * i);
    }
    return out;
  }

  /** Width of {@link #objectPositions} per sub-env. */
  public static final int OBJECT_DIM = 5;

  /**
   * The positions the experts steer by, row-major {@code [N, 5]}: the target block's x, y, z and
   * the goal fixture's x, y (the reach task's fixture is a distractor), in the state vector's units
   * (meters / half the table). Privileged information for auxiliary losses; no policy input.
   */
  public static float[] objectPositions(TabletopSimulator sim) {
    World w = sim.world();
    float[] out = new float[w.n * OBJECT_DIM];
    for (int i = 0; i < w.n; i++) {
      int o = OBJECT_DIM * i;
      for (int a = 0; a < 3; a++) {
        out[o + a] = w.block(i, 0, a) * StateEncoder.SCALE;
      }
      out[o + 3] = w.goal(i, 0) * StateEncoder.SCALE;
      out[o + 4] = w.goal(i, 1) * StateEncoder.SCALE;
    }
    return out;
  }

  /** Expert actions as a one-step chunk {@code [N, 1, 4]} for {@code VectorEnv.step}. */
  public static HostArray chunk(TabletopSimulator sim) {
    return HostArray.ofFloats(actions(sim), sim.spec().numEnvs(), 1, 4);
  }

  static void act(World w, int i, float[] out, int o) {
    switch (w.episodes[i].task().slot()) {
      case 0 -> reach(w, i, out, o);
      case 1 -> push(w, i, out, o);
      default -> pickPlace(w, i, out, o);
    }
  }

  private static void reach(World w, int i, float[] out, int o) {
    moveTo(w, i, out, o, w.block(i, 0, 0), w.block(i, 0, 1), w.block(i, 0, 2) + BLOCK_HALF, 1);
  }

  private static void push(World w, int i, float[] out, int o) {
    float tx = w.block(i, 0, 0);
    float ty = w.block(i, 0, 1);
    float gx = w.goal(i, 0) - tx;
    float gy = w.goal(i, 1) - ty;
    float dist = (float) Math.hypot(gx, gy);
    float ex = w.ee(i, 0);
    float ey = w.ee(i, 1);
    float ez = w.ee(i, 2);
    if (dist < 0.01f) { // done: lift away
      moveTo(w, i, out, o, ex, ey, TRAVEL_Z + 0.05f, 1);
      return;
    }
    float ux = gx / dist;
    float uy = gy / dist;
    float rx = ex - tx;
    float ry = ey - ty;
    float along = rx * ux + ry * uy;
    float lateral = -rx * uy + ry * ux;
    float behindX = tx - ux * (CONTACT_RADIUS + 0.01f);
    float behindY = ty - uy * (CONTACT_RADIUS + 0.01f);
    boolean aligned =
        ez < 0.035f && along < -0.015f && Math.abs(lateral) < 0.008f
            && Math.hypot(rx, ry) < CONTACT_RADIUS + 0.02f;
    if (aligned) {
      float s = Math.min(dist, 0.9f * MAX_STEP);
      moveTo(w, i, out, o, tx - ux * (CONTACT_RADIUS - s), ty - uy * (CONTACT_RADIUS - s), BLOCK_HALF, 1);
    } else if (Math.hypot(ex - behindX, ey - behindY) < XY_TOL) {
      moveTo(w, i, out, o, behindX, behindY, BLOCK_HALF, 1); // descend behind the block
    } else if (ez < TRAVEL_Z - 0.01f && Math.hypot(rx, ry) < CONTACT_RADIUS + 0.03f) {
      moveTo(w, i, out, o, ex, ey, TRAVEL_Z, 1); // too close and low: lift first
    } else {
      moveTo(w, i, out, o, behindX, behindY, TRAVEL_Z, 1);
    }
  }

  private static void pickPlace(World w, int i, float[] out, int o) {
    float tx = w.block(i, 0, 0);
    float ty = w.block(i, 0, 1);
    float tz = w.block(i, 0, 2);
    float px = w.goal(i, 0);
    float py = w.goal(i, 1);
    float rest = w.goal(i, 2);
    float ex = w.ee(i, 0);
    float ey = w.ee(i, 1);
    float ez = w.ee(i, 2);
    if (w.held(i, 0)) {
      float toPlate = (float) Math.hypot(tx - px, ty - py);
      if (toPlate > XY_TOL) {
        if (ez < CARRY_Z - 0.02f && toPlate > 0.03f) {
          moveTo(w, i, out, o, ex, ey, CARRY_Z, -1); // lift before carrying
        } else {
          moveTo(w, i, out, o, px, py, CARRY_Z, -1);
        }
      } else {
        boolean low = ez <= rest + 0.012f;
        moveTo(w, i, out, o, px, py, rest + 0.005f, low ? 1 : -1); // lower, then release
      }
      return;
    }
    boolean placed =
        Math.hypot(tx - px, ty - py) < PLATE_RADIUS && tz > BLOCK_HALF + 0.005f;
    if (placed || w.holding(i)) {
      moveTo(w, i, out, o, ex, ey, TRAVEL_Z + 0.05f, 1); // done, or holding a wrong block: let go
      return;
    }
    float toBlock = (float) Math.hypot(ex - tx, ey - ty);
    if (toBlock > XY_TOL) {
      if (ez < TRAVEL_Z - 0.02f && toBlock > 0.02f) {
        moveTo(w, i, out, o, ex, ey, TRAVEL_Z, 1);
      } else {
        moveTo(w, i, out, o, tx, ty, TRAVEL_Z, 1);
      }
    } else {
      boolean there = Math.abs(ez - tz) < 0.008f;
      moveTo(w, i, out, o, tx, ty, tz, there ? -1 : 1);
    }
  }

  /** Moves toward (x, y, z) as fast as the action range allows, with the given gripper command. */
  private static void moveTo(World w, int i, float[] out, int o, float x, float y, float z, float grip) {
    out[o] = clip((x - w.ee(i, 0)) / MAX_STEP);
    out[o + 1] = clip((y - w.ee(i, 1)) / MAX_STEP);
    out[o + 2] = clip((z - w.ee(i, 2)) / MAX_STEP);
    out[o + 3] = grip;
  }

  private static float clip(float v) {
    return Math.max(-1, Math.min(1, v));
  }
}
