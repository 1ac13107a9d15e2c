package ai.vlarl.drivers.safety;

import ai.vlarl.drivers.ArmCommand;
import ai.vlarl.drivers.Pose;
import ai.vlarl.drivers.Rotations;
import java.util.EnumSet;

/**
 * Limits a stream of end-effector targets, one per control period {@code dt}: the target stays in
 * the workspace box, its linear and angular speed and acceleration stay within limits, and the
 * gripper target moves at a bounded rate. It tracks the last <em>sent</em> target and velocity,
 * so deltas resolve against what the arm was told, and limits hold across the whole stream.
 *
 * <p>Linear acceleration is limited in norm; the braking caps that keep the target inside the box
 * use {@code a/√3} per axis, so braking on all three axes at once stays within the norm limit.
 */
final class CartesianGuard {
  private static final double EPS = 1e-9;
  private final double dt;
  private final double[] boxMin;
  private final double[] boxMax;
  private final double vmax;
  private final double amax;
  private final double wmax;
  private final double alphamax;
  private final double gripperStep;
  private double[] p;
  private double[] v = new double[3];
  private double[] r;
  private double[] w = new double[3];
  private double g;

  CartesianGuard(SafetyConfig cfg, double dt, Pose start, double gripper) {
    this.dt = dt;
    this.boxMin = cfg.boxMin();
    this.boxMax = cfg.boxMax();
    this.vmax = cfg.max_linear_speed();
    this.amax = cfg.max_linear_accel();
    this.wmax = cfg.max_angular_speed();
    this.alphamax = cfg.max_angular_accel();
    this.gripperStep = cfg.max_gripper_rate() * dt;
    this.p = start.position();
    this.r = start.rotation();
    this.g = Kinematics.clamp(gripper, 0, 1);
  }

  /** The last sent target. */
  Pose target() {
    return new Pose(p[0], p[1], p[2], r[0], r[1], r[2]);
  }

  double gripper() {
    return g;
  }

  /** Whether the target is at rest (zero velocity). */
  boolean atRest() {
    return Kinematics.norm(v) == 0 && Kinematics.norm(w) == 0;
  }

  /** The absolute pose a delta asks for, relative to the last sent target. */
  Pose resolve(ArmCommand.EeDelta d) {
    double[] rot = Rotations.apply(new double[] {d.drx(), d.dry(), d.drz()}, r);
    return new Pose(p[0] + d.dx(), p[1] + d.dy(), p[2] + d.dz(), rot[0], rot[1], rot[2]);
  }

  /** The limited version of {@code pose}/{@code gripper}; nothing changes until {@link #commit}. */
  Limited limit(Pose pose, double gripper) {
    EnumSet<Intervention.Kind> kinds = EnumSet.noneOf(Intervention.Kind.class);
    double[] req = pose.position();
    double[] vd = new double[3];
    double[] lo = new double[3];
    double[] hi = new double[3];
    double brakeAccel = amax / Math.sqrt(3);
    for (int i = 0; i < 3; i++) {
      double inBox = Kinematics.clamp(req[i], boxMin[i], boxMax[i]);
      if (inBox != req[i]) {
        kinds.add(Intervention.Kind.WORKSPACE);
      }
      vd[i] = (inBox - p[i]) / dt;
      lo[i] = -Kinematics.brakingSpeed(p[i] - boxMin[i], brakeAccel, dt);
      hi[i] = Kinematics.brakingSpeed(boxMax[i] - p[i], brakeAccel, dt);
      if (vd[i] < lo[i] - EPS || vd[i] > hi[i] + EPS) {
        kinds.add(Intervention.Kind.BRAKING);
      }
    }
    double[] v1 = Kinematics.limitVector(v, vd, vmax, amax * dt, lo, hi);
    double[] capped = capped(vd, lo, hi, vmax);
    if (Kinematics.norm(clampBox(vd, lo, hi)) > vmax) {
      kinds.add(Intervention.Kind.LINEAR_SPEED);
    }
    if (distance(v1, capped) > EPS) {
      kinds.add(Intervention.Kind.LINEAR_ACCEL);
    }
    double[] p1 = new double[3];
    for (int i = 0; i < 3; i++) {
      p1[i] = Kinematics.clamp(p[i] + v1[i] * dt, boxMin[i], boxMax[i]);
    }

    double[] wd = Rotations.between(r, pose.rotation());
    for (int i = 0; i < 3; i++) {
      wd[i] /= dt;
    }
    double[] inf = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    double[] ninf = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
    double[] w1 = Kinematics.limitVector(w, wd, wmax, alphamax * dt, ninf, inf);
    if (Kinematics.norm(wd) > wmax) {
      kinds.add(Intervention.Kind.ANGULAR_SPEED);
    }
    if (distance(w1, capped(wd, ninf, inf, wmax)) > EPS) {
      kinds.add(Intervention.Kind.ANGULAR_ACCEL);
    }
    double[] r1 = Rotations.apply(new double[] {w1[0] * dt, w1[1] * dt, w1[2] * dt}, r);

    double g1 = limitGripper(gripper, kinds);
    Pose out = new Pose(p1[0], p1[1], p1[2], r1[0], r1[1], r1[2]);
    double deviation = distance(p1, req);
    return new Limited(new ArmCommand.PoseTarget(out, g1), v1, w1, g1, kinds, deviation);
  }

  /** Decelerates towards rest as fast as the limits allow, keeping the gripper where it is. */
  Limited brake() {
    Limited l = limit(extrapolatedStop(), g);
    return new Limited(l.command(), l.velocity(), l.angularVelocity(), l.gripper(),
        EnumSet.noneOf(Intervention.Kind.class), 0);
  }

  /** Makes {@code l} the last sent target. */
  void commit(Limited l) {
    Pose t = ((ArmCommand.PoseTarget) l.command()).pose();
    p = t.position();
    r = t.rotation();
    v = l.velocity().clone();
    w = l.angularVelocity().clone();
    g = l.gripper();
  }

  private Pose extrapolatedStop() {
    // asking for the current target means a desired velocity of zero
    return new Pose(p[0], p[1], p[2], r[0], r[1], r[2]);
  }

  private double limitGripper(double gripper, EnumSet<Intervention.Kind> kinds) {
    double g0 = Kinematics.clamp(gripper, 0, 1);
    if (g0 != gripper) {
      kinds.add(Intervention.Kind.GRIPPER_RANGE);
    }
    double g1 = Kinematics.clamp(g0, g - gripperStep, g + gripperStep);
    if (g1 != g0) {
      kinds.add(Intervention.Kind.GRIPPER_RATE);
    }
    return g1;
  }

  private static double[] clampBox(double[] v, double[] lo, double[] hi) {
    double[] out = new double[3];
    for (int i = 0; i < 3; i++) {
      out[i] = Kinematics.clamp(v[i], lo[i], hi[i]);
    }
    return out;
  }

  private static double[] capped(double[] v, double[] lo, double[] hi, double max) {
    double[] c = clampBox(v, lo, hi);
    double n = Kinematics.norm(c);
    if (n > max) {
      for (int i = 0; i < 3; i++) {
        c[i] *= max / n;
      }
    }
    return c;
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }
}
