package ai.vlarl.drivers.safety;

import ai.vlarl.framework.config.Doc;
import java.util.List;

/**
 * The {@code safety:} section of a deploy config: the limits the {@link SafetyShield} enforces on
 * every command before it reaches an arm. Lengths in meters, angles in radians, times in seconds.
 * The defaults fit the simulated tabletop (a 50 × 50 × 24 cm workspace over the table); a real arm
 * must be given its own workspace.
 */
public record SafetyConfig(
    @Doc(value = "what to do with a command beyond a limit: 'clamp' it to the nearest safe command,"
        + " or 'reject' it (the arm brakes instead)", dflt = "clamp") String mode,
    @Doc(value = "workspace box lower corner [x, y, z] in the base frame, m; end-effector targets"
        + " never leave the box", dflt = "[-0.25, -0.25, 0.01]") List<Double> workspace_min,
    @Doc(value = "workspace box upper corner [x, y, z], m", dflt = "[0.25, 0.25, 0.25]")
        List<Double> workspace_max,
    @Doc(value = "max end-effector linear speed, m/s", dflt = "0.25") double max_linear_speed,
    @Doc(value = "max end-effector linear acceleration, m/s^2", dflt = "2.0") double max_linear_accel,
    @Doc(value = "max end-effector angular speed, rad/s", dflt = "1.0") double max_angular_speed,
    @Doc(value = "max end-effector angular acceleration, rad/s^2", dflt = "4.0")
        double max_angular_accel,
    @Doc(value = "lower joint limits, rad; [] takes the arm's own limits", dflt = "[]")
        List<Double> joint_lower,
    @Doc(value = "upper joint limits, rad; [] takes the arm's own limits", dflt = "[]")
        List<Double> joint_upper,
    @Doc(value = "joint targets stay this far inside the joint limits, rad", dflt = "0.05")
        double joint_margin,
    @Doc(value = "max joint speed, rad/s", dflt = "1.0") double max_joint_speed,
    @Doc(value = "max joint acceleration, rad/s^2", dflt = "4.0") double max_joint_accel,
    @Doc(value = "max gripper opening change per second (1 = full stroke in 1 s)", dflt = "10.0")
        double max_gripper_rate,
    @Doc(value = "watchdog: stop the arm when no valid command arrived for this many control"
        + " periods", dflt = "1.5") double watchdog_periods,
    @Doc(value = "e-stop when the measured end-effector is farther than this outside the workspace,"
        + " m (the arm did not follow its targets)", dflt = "0.05") double state_tolerance) {

  /** Modes. */
  public static final List<String> MODES = List.of("clamp", "reject");

  public SafetyConfig {
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException("mode must be 'clamp' or 'reject', got '" + mode + "'");
    }
    workspace_min = vector3("workspace_min", workspace_min);
    workspace_max = vector3("workspace_max", workspace_max);
    for (int i = 0; i < 3; i++) {
      if (!(workspace_min.get(i) < workspace_max.get(i))) {
        throw new IllegalArgumentException("workspace_min " + workspace_min + " must be below"
            + " workspace_max " + workspace_max + " on every axis");
      }
    }
    positive("max_linear_speed", max_linear_speed);
    positive("max_linear_accel", max_linear_accel);
    positive("max_angular_speed", max_angular_speed);
    positive("max_angular_accel", max_angular_accel);
    positive("max_joint_speed", max_joint_speed);
    positive("max_joint_accel", max_joint_accel);
    positive("max_gripper_rate", max_gripper_rate);
    positive("watchdog_periods", watchdog_periods);
    joint_lower = List.copyOf(joint_lower);
    joint_upper = List.copyOf(joint_upper);
    if (joint_lower.size() != joint_upper.size()) {
      throw new IllegalArgumentException("joint_lower has " + joint_lower.size()
          + " values and joint_upper " + joint_upper.size() + "; give both or neither");
    }
    for (int i = 0; i < joint_lower.size(); i++) {
      if (!(joint_lower.get(i) < joint_upper.get(i))) {
        throw new IllegalArgumentException("joint " + i + ": joint_lower " + joint_lower.get(i)
            + " must be below joint_upper " + joint_upper.get(i));
      }
    }
    if (!(joint_margin >= 0)) {
      throw new IllegalArgumentException("joint_margin must be >= 0, got " + joint_margin);
    }
    if (!(state_tolerance >= 0)) {
      throw new IllegalArgumentException("state_tolerance must be >= 0, got " + state_tolerance);
    }
  }

  /** Whether out-of-limit commands are rejected rather than clamped. */
  public boolean rejects() {
    return mode.equals("reject");
  }

  double[] boxMin() {
    return workspace_min.stream().mapToDouble(Double::doubleValue).toArray();
  }

  double[] boxMax() {
    return workspace_max.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static List<Double> vector3(String key, List<Double> v) {
    if (v == null || v.size() != 3) {
      throw new IllegalArgumentException(key + " must be [x, y, z], got " + v);
    }
    for (Double d : v) {
      if (d == null || !Double.isFinite(d)) {
        throw new IllegalArgumentException(key + " must hold finite numbers, got " + v);
      }
    }
    return List.copyOf(v);
  }

  private static void positive(String key, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(key + " must be a positive number, got " + v);
    }
  }
}
