package ai.vlarl.drivers.safety;

import java.util.Set;
import java.util.function.Supplier;

/**
 * One time the shield changed, refused or stopped what was asked of the arm.
 *
 * <p>The detail text is built only when read ({@link #detail()}: the JSON log, the console), so
 * clamping at every servo tick costs no string formatting when nobody reads it.
 */
public final class Intervention {
  private final long timeNanos;
  private final Set<Kind> kinds;
  private final Supplier<String> detail;
  private final double deviation;
  private String text;

  /**
   * @param timeNanos when, on the shield's clock
   * @param kinds which limits acted (one command can hit several)
   * @param detail what was asked and what was sent instead, for the log
   * @param deviation how far the sent target is from the requested one: meters for end-effector
   *     commands, radians (largest joint) for joint commands, 0 for stops
   */
  public Intervention(long timeNanos, Set<Kind> kinds, Supplier<String> detail, double deviation) {
    this.timeNanos = timeNanos;
    this.kinds = Set.copyOf(kinds);
    this.detail = detail;
    this.deviation = deviation;
  }

  public Intervention(long timeNanos, Set<Kind> kinds, String detail, double deviation) {
    this(timeNanos, kinds, () -> detail, deviation);
  }

  public long timeNanos() {
    return timeNanos;
  }

  public Set<Kind> kinds() {
    return kinds;
  }

  /** What was asked and what was sent instead. */
  public synchronized String detail() {
    if (text == null) {
      text = detail.get();
    }
    return text;
  }

  public double deviation() {
    return deviation;
  }

  @Override
  public String toString() {
    return kinds + " " + detail();
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
