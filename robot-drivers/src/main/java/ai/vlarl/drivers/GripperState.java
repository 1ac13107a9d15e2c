package ai.vlarl.drivers;

/**
 * What a gripper reports.
 *
 * @param opening 0 fully closed to 1 fully open (normalized finger width)
 * @param holding whether the gripper senses a held object (false where it cannot sense one)
 */
public record GripperState(double opening, boolean holding) {
  /** A fully open, empty gripper. */
  public static final GripperState OPEN = new GripperState(1, false);
}
