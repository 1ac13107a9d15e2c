package ai.vlarl.drivers.ur;

import ai.vlarl.framework.config.Doc;
import java.util.List;

/**
 * The {@code driver: {kind: ur-rtde, ...}} section: a Universal Robots arm (CB3 3.5+ or
 * e-Series) in remote control mode.
 */
public record UrRtdeConfig(
    @Doc(value = "the robot's address", dflt = "192.168.1.10") String host,
    @Doc(value = "RTDE port", dflt = "30004") int rtde_port,
    @Doc(value = "URScript port of the secondary client interface (the servo program is sent here)",
        dflt = "30002") int script_port,
    @Doc(value = "RTDE output rate, Hz (125 on CB3, up to 500 on e-Series)", dflt = "125")
        double output_hz,
    @Doc(value = "connection and reply timeout, ms", dflt = "1000") int timeout_ms,
    @Doc(value = "servoj lookahead_time, s (0.03 .. 0.2: smoother but later)", dflt = "0.1")
        double lookahead_time,
    @Doc(value = "servoj gain (100 .. 2000: stiffer tracking)", dflt = "300") double gain,
    @Doc(value = "stop deceleration of stopj, rad/s^2", dflt = "3.0") double stop_deceleration,
    @Doc(value = "the robot stops its servo program when inputs stop arriving for this many"
        + " control periods (RTDE watchdog)", dflt = "5") double rtde_watchdog_periods,
    @Doc(value = "joint limits [lower...] of the 6 joints, rad", dflt = "[-6.2832, -6.2832, -3.1416,"
        + " -6.2832, -6.2832, -6.2832]") List<Double> joint_lower,
    @Doc(value = "joint limits [upper...] of the 6 joints, rad", dflt = "[6.2832, 6.2832, 3.1416,"
        + " 6.2832, 6.2832, 6.2832]") List<Double> joint_upper,
    @Doc(value = "gripper: 'none', or 'tool_digital_out' (tool digital output gripper_output high"
        + " = closed)", dflt = "none") String gripper,
    @Doc(value = "tool digital output driving the gripper", dflt = "0") int gripper_output) {

  public UrRtdeConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must name the robot");
    }
    if (!(output_hz > 0 && output_hz <= 500)) {
      throw new IllegalArgumentException("output_hz must be in (0, 500], got " + output_hz);
    }
    if (!(lookahead_time >= 0.03 && lookahead_time <= 0.2)) {
      throw new IllegalArgumentException("lookahead_time must be in [0.03, 0.2] s (servoj), got " + lookahead_time);
    }
    if (!(gain >= 100 && gain <= 2000)) {
      throw new IllegalArgumentException("gain must be in [100, 2000] (servoj), got " + gain);
    }
    if (joint_lower.size() != 6 || joint_upper.size() != 6) {
      throw new IllegalArgumentException("joint_lower and joint_upper need 6 values each");
    }
    if (!gripper.equals("none") && !gripper.equals("tool_digital_out")) {
      throw new IllegalArgumentException("gripper must be 'none' or 'tool_digital_out', got '" + gripper + "'");
    }
    joint_lower = List.copyOf(joint_lower);
    joint_upper = List.copyOf(joint_upper);
  }
}
