package ai.vlarl.drivers;

/**
 * The latest state an arm reported.
 *
 * @param timestampNanos when the state was measured, on the reader's {@link Clock}
 * @param joints joint positions in radians, base to wrist (length {@link ArmInfo#dof()}; empty for
 *     arms without joints, such as the simulated tabletop gripper)
 * @param pose the measured end-effector pose in the base frame
 * @param gripper the gripper's opening and grasp sensing
 */
public record ArmState(long timestampNanos, double[] joints, Pose pose, GripperState gripper) {
  public ArmState {
    joints = joints.clone();
  }

  @Override
  public double[] joints() {
    return joints.clone();
  }
}
