package ai.vlarl.drivers;

/**
 * A gripper on its own connection (for example a Robotiq or a parallel-jaw gripper driven over
 * Modbus beside the arm). Arms whose driver speaks to the gripper themselves report and command it
 * through {@link ArmState#gripper()} and {@link ArmCommand#gripper()}; {@link ArmWithGripper} joins
 * a separate gripper to an arm so the rest of the stack sees one {@link RobotArm}.
 */
public interface Gripper extends AutoCloseable {
  /** Connects to the gripper (activating it if it needs that). */
  void connect();

  /** Commands the opening, 0 closed .. 1 open. Non-blocking. */
  void moveTo(double opening);

  /** The latest measured opening and grasp sensing. */
  GripperState state();

  /** Holds the current opening; thread-safe. */
  void stop();

  @Override
  void close();
}
