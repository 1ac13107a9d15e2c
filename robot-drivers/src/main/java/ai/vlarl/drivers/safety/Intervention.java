package ai.vlarl.drivers.safety;

import java.util.Set;

/**
 * One time the shield changed, refused or stopped what was asked of the arm.
 *
 * @param timeNanos when, on the shield's clock
 * @param kinds which limits acted (one command can hit several)
 * @param detail what was asked and what was sent instead, for the log
 * @param deviation how far the sent target is from the requested one: meters for end-effector
 *     commands, radians (largest joint) for joint commands, 0 for stops
 */
public record Intervention(long timeNanos, Set<Kind> kinds, String detail, double deviation) {
  public Intervention {
    kinds = Set.copyOf(kinds);
  }

  /** What acted. */
  public enum Kind {
    /** The end-effector target was outside the workspace box. */
    WORKSPACE,
    /** Slowed down towards a workspace wall or joint limit so that it can stop in time. */
    BRAKING,
    LINEAR_SPEED,
    LINEAR_ACCEL,
    ANGULAR_SPEED,
    ANGULAR_ACCEL,
    /** A joint target was beyond a joint limit (margin included). */
    JOINT_LIMIT,
    JOINT_SPEED,
    JOINT_ACCEL,
    GRIPPER_RATE,
    /** A target was outside the gripper's [0, 1] range. */
    GRIPPER_RANGE,
    /** NaN or infinite numbers: always refused. */
    NON_FINITE,
    /** The command was refused (reject mode, or invalid); the arm braked instead. */
    REJECTED,
    /** A joint command while streaming end-effector commands, or the reverse, without a stop. */
    MODE_SWITCH,
    /** No valid command within the deadline: the arm was stopped. */
    WATCHDOG,
    /** The emergency stop was pressed. */
    ESTOP,
    /** The measured state left the workspace (with tolerance) or the joint limits: e-stopped. */
    STATE_OUT_OF_BOUNDS
  }
}
