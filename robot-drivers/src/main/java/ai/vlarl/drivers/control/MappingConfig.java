package ai.vlarl.drivers.control;

import ai.vlarl.drivers.Rotations;
import ai.vlarl.framework.config.Doc;
import java.util.List;

/**
 * The {@code mapping:} section of a deploy config: how a policy's normalized action step in
 * [-1, 1] becomes end-effector motion.
 *
 * <p>Actions of 4 dimensions are {@code [dx, dy, dz, gripper]} (the tabletop suite); of 7, {@code
 * [dx, dy, dz, drx, dry, drz, gripper]} (LIBERO, ManiSkill3's delta end-effector control). The
 * translation is {@code action · translation_scale} meters per step; the default 0.02 m is the
 * tabletop suite's {@code Geometry.MAX_STEP}, so a deployed tabletop policy moves exactly as in
 * training. The gripper closes (0) when its action is below {@code gripper_threshold} and opens
 * (1) otherwise, as in the tabletop physics. {@code frame_rotation} turns the policy's axes into
 * the robot's base frame (a calibration: the tabletop's x is right, y away from the camera, z up).
 */
public record MappingConfig(
    @Doc(value = "meters of end-effector motion per step for an action of 1 on an axis",
        dflt = "0.02") double translation_scale,
    @Doc(value = "radians of rotation per step for an action of 1 (7-dim actions)", dflt = "0.1")
        double rotation_scale,
    @Doc(value = "gripper action below this closes the gripper, otherwise it opens", dflt = "0.0")
        double gripper_threshold,
    @Doc(value = "rotation vector from the policy's action frame to the robot base frame, rad",
        dflt = "[0, 0, 0]") List<Double> frame_rotation,
    @Doc(value = "where the policy frame's origin is in the robot base frame [x, y, z], m (the"
        + " tabletop's table center)", dflt = "[0, 0, 0]") List<Double> workspace_origin,
    @Doc(value = "policy units per meter of proprio positions (the tabletop's 1 / 0.25 m)",
        dflt = "4.0") double proprio_scale) {

  public MappingConfig {
    if (!(translation_scale > 0) || translation_scale > 0.2) {
      throw new IllegalArgumentException(
          "translation_scale must be in (0, 0.2] m per step, got " + translation_scale);
    }
    if (!(rotation_scale >= 0) || rotation_scale > 1) {
      throw new IllegalArgumentException("rotation_scale must be in [0, 1] rad per step, got " + rotation_scale);
    }
    if (frame_rotation == null || frame_rotation.size() != 3) {
      throw new IllegalArgumentException("frame_rotation must be [rx, ry, rz], got " + frame_rotation);
    }
    frame_rotation = List.copyOf(frame_rotation);
    if (workspace_origin == null || workspace_origin.size() != 3) {
      throw new IllegalArgumentException("workspace_origin must be [x, y, z], got " + workspace_origin);
    }
    workspace_origin = List.copyOf(workspace_origin);
    if (!(proprio_scale > 0)) {
      throw new IllegalArgumentException("proprio_scale must be positive, got " + proprio_scale);
    }
  }

  /**
   * A measured end-effector position in the policy's frame and units: {@code R⁻¹ (p − origin) ·
   * proprio_scale}, the inverse of how actions are mapped out.
   */
  public double[] toPolicyFrame(double[] position) {
    double[] d = new double[3];
    for (int i = 0; i < 3; i++) {
      d[i] = position[i] - workspace_origin.get(i);
    }
    double[] fr = {-frame_rotation.get(0), -frame_rotation.get(1), -frame_rotation.get(2)};
    double[] r = rotateBy(fr, d);
    for (int i = 0; i < 3; i++) {
      r[i] *= proprio_scale;
    }
    return r;
  }

  /** The motion of one action step; {@code action} has 4 or 7 values in [-1, 1]. */
  public StepMotion map(float[] action) {
    if (action.length != 4 && action.length != 7) {
      throw new IllegalArgumentException("actions must have 4 ([dx, dy, dz, gripper]) or 7 ([dx, dy,"
          + " dz, drx, dry, drz, gripper]) dimensions, got " + action.length);
    }
    double[] t = rotate(new double[] {action[0], action[1], action[2]});
    double[] r = action.length == 7 ? rotate(new double[] {action[3], action[4], action[5]}) : new double[3];
    double g = action[action.length - 1] < gripper_threshold ? 0 : 1;
    return new StepMotion(t[0] * translation_scale, t[1] * translation_scale, t[2] * translation_scale,
        r[0] * rotation_scale, r[1] * rotation_scale, r[2] * rotation_scale, g);
  }

  private double[] rotate(double[] v) {
    return rotateBy(new double[] {frame_rotation.get(0), frame_rotation.get(1), frame_rotation.get(2)}, v);
  }

  private static double[] rotateBy(double[] fr, double[] v) {
    if (Rotations.norm(fr) == 0) {
      return v;
    }
    double[] q = Rotations.quaternion(fr);
    double[] p = Rotations.multiply(Rotations.multiply(q, new double[] {0, v[0], v[1], v[2]}),
        Rotations.conjugate(q));
    return new double[] {p[1], p[2], p[3]};
  }
}
