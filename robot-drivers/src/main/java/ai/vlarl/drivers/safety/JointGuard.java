package ai.vlarl.drivers.safety;

import ai.vlarl.drivers.ArmCommand;
import java.util.EnumSet;

/**
 * Limits a stream of joint targets, one per control period {@code dt}: each joint stays within
 * its limits (shrunk by the margin), under its speed and acceleration limits, braking in time
 * before a limit; the gripper target moves at a bounded rate. Every joint is limited on its own,
 * which makes all limits hold exactly at once.
 */
final class JointGuard {
  private final double dt;
  private final double[] lower;
  private final double[] upper;
  private final double vmax;
  private final double amax;
  private final double gripperStep;
  private double[] q;
  private double[] v;
  private double g;

  /**
   * @param lower effective lower limits (margin applied)
   * @param upper effective upper limits (margin applied)
   * @param start the measured joint positions, within the limits
   */
  JointGuard(SafetyConfig cfg, double dt, double[] lower, double[] upper, double[] start,
      double gripper) {
    this.dt = dt;
    this.lower = lower.clone();
    this.upper = upper.clone();
    this.vmax = cfg.max_joint_speed();
    this.amax = cfg.max_joint_accel();
    this.gripperStep = cfg.max_gripper_rate() * dt;
    this.q = start.clone();
    this.v = new double[start.length];
    this.g = Kinematics.clamp(gripper, 0, 1);
  }

  double[] target() {
    return q.clone();
  }

  double gripper() {
    return g;
  }

  Limited limit(double[] req, double gripper) {
    EnumSet<Intervention.Kind> kinds = EnumSet.noneOf(Intervention.Kind.class);
    int n = q.length;
    double[] q1 = new double[n];
    double[] v1 = new double[n];
    double deviation = 0;
    for (int i = 0; i < n; i++) {
      double inside = Kinematics.clamp(req[i], lower[i], upper[i]);
      if (inside != req[i]) {
        kinds.add(Intervention.Kind.JOINT_LIMIT);
      }
      double vd = (inside - q[i]) / dt;
      double lo = Math.max(-vmax, -Kinematics.brakingSpeed(q[i] - lower[i], amax, dt));
      double hi = Math.min(vmax, Kinematics.brakingSpeed(upper[i] - q[i], amax, dt));
      if (Math.abs(vd) > vmax) {
        kinds.add(Intervention.Kind.JOINT_SPEED);
      } else if (vd < lo || vd > hi) {
        kinds.add(Intervention.Kind.BRAKING);
      }
      double cand = Kinematics.clamp(vd, lo, hi);
      // reachable within the acceleration limit and inside [lo, hi]; the interval is not empty
      // because hi and lo move by at most amax·dt per period (see Kinematics)
      double from = Math.max(lo, v[i] - amax * dt);
      double to = Math.min(hi, v[i] + amax * dt);
      double next = from <= to ? Kinematics.clamp(cand, from, to) : Kinematics.clamp(v[i], lo, hi);
      if (next != cand) {
        kinds.add(Intervention.Kind.JOINT_ACCEL);
      }
      v1[i] = next;
      q1[i] = Kinematics.clamp(q[i] + next * dt, Math.min(lower[i], q[i]), Math.max(upper[i], q[i]));
      deviation = Math.max(deviation, Math.abs(q1[i] - req[i]));
    }
    double g0 = Kinematics.clamp(gripper, 0, 1);
    if (g0 != gripper) {
      kinds.add(Intervention.Kind.GRIPPER_RANGE);
    }
    double g1 = Kinematics.clamp(g0, g - gripperStep, g + gripperStep);
    if (g1 != g0) {
      kinds.add(Intervention.Kind.GRIPPER_RATE);
    }
    return new Limited(new ArmCommand.JointTarget(q1, g1), v1, new double[3], g1, kinds, deviation);
  }

  /** Decelerates every joint towards rest as fast as the limits allow. */
  Limited brake() {
    Limited l = limit(q, g);
    return new Limited(l.command(), l.velocity(), l.angularVelocity(), l.gripper(),
        EnumSet.noneOf(Intervention.Kind.class), 0);
  }

  void commit(Limited l) {
    q = ((ArmCommand.JointTarget) l.command()).q();
    v = l.velocity().clone();
    g = l.gripper();
  }
}
