package ai.vlarl.drivers;

/**
 * One servo command: where the arm should be at the next control period, and the gripper's
 * target opening (0 closed .. 1 open).
 *
 * <p>Three forms, matching how policies and teleoperation speak:
 *
 * <ul>
 *   <li>{@link EeDelta}: move the end-effector target by a displacement (meters) and a rotation
 *       (rotation vector, radians, in the base frame) relative to the <em>last commanded</em>
 *       target, not the measured pose, so errors do not accumulate;
 *   <li>{@link PoseTarget}: an absolute end-effector target;
 *   <li>{@link JointTarget}: absolute joint positions in radians.
 * </ul>
 */
public sealed interface ArmCommand {
  /** Target gripper opening, 0 closed .. 1 open. */
  double gripper();

  /** Whether every number in the command is finite. */
  boolean isFinite();

  /** Move the target by {@code (dx, dy, dz)} meters and rotate it by {@code (drx, dry, drz)}. */
  record EeDelta(double dx, double dy, double dz, double drx, double dry, double drz, double gripper)
      implements ArmCommand {
    /** A translation only. */
    public static EeDelta translation(double dx, double dy, double dz, double gripper) {
      return new EeDelta(dx, dy, dz, 0, 0, 0, gripper);
    }

    @Override
    public boolean isFinite() {
      return Double.isFinite(dx) && Double.isFinite(dy) && Double.isFinite(dz) && Double.isFinite(drx)
          && Double.isFinite(dry) && Double.isFinite(drz) && Double.isFinite(gripper);
    }
  }

  /** Go to {@code pose}. */
  record PoseTarget(Pose pose, double gripper) implements ArmCommand {
    @Override
    public boolean isFinite() {
      return pose != null && pose.isFinite() && Double.isFinite(gripper);
    }
  }

  /** Go to joint positions {@code q} (radians). */
  record JointTarget(double[] q, double gripper) implements ArmCommand {
    public JointTarget {
      q = q.clone();
    }

    @Override
    public double[] q() {
      return q.clone();
    }

    @Override
    public boolean isFinite() {
      for (double v : q) {
        if (!Double.isFinite(v)) {
          return false;
        }
      }
      return Double.isFinite(gripper);
    }

    @Override
    public String toString() {
      return "JointTarget" + java.util.Arrays.toString(q) + " gripper " + gripper;
    }
  }
}
