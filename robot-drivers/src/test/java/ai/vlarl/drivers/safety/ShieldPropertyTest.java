package ai.vlarl.drivers.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.vlarl.drivers.ArmCommand;
import ai.vlarl.drivers.FakeArm;
import ai.vlarl.drivers.ManualClock;
import ai.vlarl.drivers.Pose;
import ai.vlarl.drivers.Rotations;
import ai.vlarl.framework.core.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Property tests: streams of 100,000+ random commands (huge and tiny deltas, targets far outside
 * the workspace, wild rotations, gripper values outside [0, 1], NaNs) never make the shield send a
 * target outside its configured limits. The limits are checked on what the arm received, from
 * consecutive targets: position in the box, |v| = |Δp|/dt ≤ v_max, |Δv|/dt ≤ a_max, the same for
 * rotations (ω from the rotation between consecutive orientations), joint limits, joint speed and
 * acceleration, gripper range and rate.
 */
class ShieldPropertyTest {
  private static final double DT = 0.008; // 125 Hz
  private static final double TOL = 1e-9;

  @Test
  void randomEndEffectorCommandsNeverLeaveTheLimitsWhenClamping() {
    checkCartesian("clamp", 7, 100_000);
  }

  @Test
  void randomEndEffectorCommandsNeverLeaveTheLimitsWhenRejecting() {
    checkCartesian("reject", 8, 100_000);
  }

  @Test
  void randomJointCommandsNeverLeaveTheLimits() {
    ManualClock clock = new ManualClock(0);
    double[] lower = {-3, -2, -2.5, -3, -3, -6};
    double[] upper = {3, 2, 2.5, 3, 3, 6};
    FakeArm arm = new FakeArm(clock, Pose.at(0, 0, 0.1), new double[6], lower, upper);
    SafetyConfig cfg = ShieldFixtures.config("joint_lower", List.of(-2.0, -2.0, -2.0, -2.0, -2.0, -2.0),
        "joint_upper", List.of(9.0, 9.0, 9.0, 9.0, 9.0, 9.0), "max_joint_speed", 1.5, "max_joint_accel", 6.0, "joint_margin", 0.1);
    SafetyShield shield = new SafetyShield(arm, cfg, DT, clock, new InterventionLog());
    shield.connect();
    Rng rng = new Rng(11);
    int commands = 100_000;
    for (int k = 0; k < commands; k++) {
      clock.advance((long) (DT * 1e9));
      double[] q = shield.state().joints();
      double[] target = new double[6];
      int style = rng.nextInt(4);
      for (int i = 0; i < 6; i++) {
        target[i] = switch (style) {
          case 0 -> rng.uniform(-10, 10); // anywhere, mostly beyond the limits
          case 1 -> q[i] + rng.uniform(-0.01, 0.01); // small steps
          case 2 -> q[i] + rng.uniform(-0.5, 0.5); // big jumps
          default -> rng.nextDouble() < 0.5 ? -2.5 : 3.5; // slam against the limits
        };
      }
      if (rng.nextInt(1000) == 0) {
        target[rng.nextInt(6)] = Double.NaN;
      }
      shield.command(new ArmCommand.JointTarget(target, rng.uniform(-1, 2)));
    }
    // effective limits: max(arm, config) shrunk by the margin: lower -1.9, upper [2.9,1.9,2.4,2.9,2.9,5.9]
    double[] lo = {-1.9, -1.9, -1.9, -1.9, -1.9, -1.9};
    double[] hi = {2.9, 1.9, 2.4, 2.9, 2.9, 5.9};
    List<FakeArm.Sent> sent = arm.sent();
    assertEquals(commands, sent.size());
    double[] prevQ = new double[6];
    double[] prevV = new double[6];
    double prevG = 1;
    for (FakeArm.Sent s : sent) {
      ArmCommand.JointTarget j = (ArmCommand.JointTarget) s.command();
      double[] q = j.q();
      for (int i = 0; i < 6; i++) {
        double v = (q[i] - prevQ[i]) / DT;
        if (!(q[i] >= lo[i] - TOL && q[i] <= hi[i] + TOL) || Math.abs(v) > 1.5 + 1e-6
            || Math.abs(v - prevV[i]) > 6.0 * DT + 1e-6) {
          fail("joint " + i + " at " + q[i] + ", speed " + v + ", accel " + (v - prevV[i]) / DT);
        }
        prevV[i] = v;
      }
      prevQ = q;
      checkGripper(j.gripper(), prevG, 10.0);
      prevG = j.gripper();
    }
  }

  private static void checkCartesian(String mode, long seed, int commands) {
    ManualClock clock = new ManualClock(0);
    FakeArm arm = FakeArm.cartesian(clock, new Pose(0, 0, 0.15, Math.PI, 0, 0));
    double vmax = 0.25;
    double amax = 2.0;
    double wmax = 1.0;
    double alpha = 4.0;
    double gripperRate = 3.0;
    SafetyConfig cfg = ShieldFixtures.config("mode", mode, "max_gripper_rate", gripperRate);
    InterventionLog log = new InterventionLog();
    SafetyShield shield = new SafetyShield(arm, cfg, DT, clock, log);
    shield.connect();
    Rng rng = new Rng(seed);
    int k = 0;
    while (k < commands) {
      if (rng.nextInt(4) == 0) { // a feasible ramp: accelerate within the limits, then cruise
        double[] u = unit(rng);
        double[] axis = unit(rng);
        double[] v = new double[3];
        double[] w = new double[3];
        for (int r = 100 + rng.nextInt(300); r > 0 && k < commands; r--, k++) {
          clock.advance((long) (DT * 1e9));
          Pose at = shield.lastTarget();
          double sp = Math.min(0.95 * vmax, Rotations.norm(v) + 0.5 * amax * DT);
          double sw = Math.min(0.95 * wmax, Rotations.norm(w) + 0.5 * alpha * DT);
          for (int i = 0; i < 3; i++) {
            v[i] = u[i] * sp;
            w[i] = axis[i] * sw;
          }
          double[] rot = Rotations.apply(new double[] {w[0] * DT, w[1] * DT, w[2] * DT}, at.rotation());
          shield.command(new ArmCommand.PoseTarget(new Pose(at.x() + v[0] * DT, at.y() + v[1] * DT,
              at.z() + v[2] * DT, rot[0], rot[1], rot[2]), shield.lastGripper()));
        }
      } else if (rng.nextInt(3) == 0) { // a run of one repeated delta: builds up speed (and hits walls)
        ArmCommand.EeDelta d = new ArmCommand.EeDelta(rng.uniform(-0.004, 0.004),
            rng.uniform(-0.004, 0.004), rng.uniform(-0.004, 0.004), rng.uniform(-0.02, 0.02),
            rng.uniform(-0.02, 0.02), rng.uniform(-0.02, 0.02), rng.nextDouble());
        for (int r = rng.nextInt(400); r > 0 && k < commands; r--, k++) {
          clock.advance((long) (DT * 1e9));
          shield.command(d);
        }
      } else {
        clock.advance((long) (DT * 1e9));
        shield.command(randomCommand(rng, shield.lastTarget()));
        k++;
      }
    }
    List<FakeArm.Sent> sent = arm.sent();
    assertEquals(commands, sent.size(), "one command reaches the arm per command sent");
    double[] prevP = {0, 0, 0.15};
    double[] prevR = {Math.PI, 0, 0};
    double[] prevV = new double[3];
    double[] prevW = new double[3];
    double prevG = 1;
    double[] lo = {-0.25, -0.25, 0.01};
    double[] hi = {0.25, 0.25, 0.25};
    double maxSpeedSeen = 0;
    double maxAngularSeen = 0;
    for (FakeArm.Sent s : sent) {
      ArmCommand.PoseTarget t = (ArmCommand.PoseTarget) s.command();
      double[] p = t.pose().position();
      double[] v = new double[3];
      for (int i = 0; i < 3; i++) {
        if (!(p[i] >= lo[i] - 1e-12 && p[i] <= hi[i] + 1e-12)) {
          fail("position outside the workspace: " + t.pose());
        }
        v[i] = (p[i] - prevP[i]) / DT;
      }
      double speed = Rotations.norm(v);
      maxSpeedSeen = Math.max(maxSpeedSeen, speed);
      double[] w = Rotations.between(prevR, t.pose().rotation());
      for (int i = 0; i < 3; i++) {
        w[i] /= DT;
      }
      maxAngularSeen = Math.max(maxAngularSeen, Rotations.norm(w));
      if (speed > vmax * (1 + TOL) || dist(v, prevV) > amax * DT * (1 + 1e-6)
          || Rotations.norm(w) > wmax * (1 + 1e-6) || dist(w, prevW) > alpha * DT * (1 + 1e-4) + 1e-9) {
        fail("linear speed " + speed + ", accel " + dist(v, prevV) / DT + "; angular speed "
            + Rotations.norm(w) + ", accel " + dist(w, prevW) / DT + " at " + t.pose());
      }
      checkGripper(t.gripper(), prevG, gripperRate);
      prevP = p;
      prevR = t.pose().rotation();
      prevV = v;
      prevW = w;
      prevG = t.gripper();
    }
    assertTrue(maxSpeedSeen > 0.9 * vmax, "the stream came near the speed limit: " + maxSpeedSeen);
    assertTrue(maxAngularSeen > 0.9 * wmax, "the stream came near the angular limit: " + maxAngularSeen);
    assertTrue(log.total() > commands / 10, "limits acted: " + log.summary());
  }

  private static ArmCommand randomCommand(Rng rng, Pose at) {
    double g = rng.uniform(-0.5, 1.5);
    switch (rng.nextInt(5)) {
      case 0: // anywhere, often far outside the box, any orientation
        return new ArmCommand.PoseTarget(new Pose(rng.uniform(-1, 1), rng.uniform(-1, 1),
            rng.uniform(-0.5, 1), rng.uniform(-4, 4), rng.uniform(-4, 4), rng.uniform(-4, 4)), g);
      case 1: // small deltas, the usual policy output
        return new ArmCommand.EeDelta(rng.uniform(-0.003, 0.003), rng.uniform(-0.003, 0.003),
            rng.uniform(-0.003, 0.003), rng.uniform(-0.01, 0.01), rng.uniform(-0.01, 0.01),
            rng.uniform(-0.01, 0.01), g);
      case 2: // big deltas
        return new ArmCommand.EeDelta(rng.uniform(-0.2, 0.2), rng.uniform(-0.2, 0.2),
            rng.uniform(-0.2, 0.2), rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1), g);
      case 3: // persistent push against a wall or corner
        return ArmCommand.EeDelta.translation(rng.nextDouble() < 0.5 ? -0.05 : 0.05,
            rng.nextDouble() < 0.5 ? -0.05 : 0.05, rng.nextDouble() < 0.5 ? -0.05 : 0.05, g);
      default:
        if (rng.nextInt(100) == 0) {
          return new ArmCommand.PoseTarget(new Pose(Double.NaN, 0, 0, 0, 0, 0), g);
        }
        return new ArmCommand.PoseTarget(at, rng.nextDouble() < 0.5 ? 0 : 1); // hold, toggle gripper
    }
  }

  private static double[] unit(Rng rng) {
    double[] u = {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
    double n = Rotations.norm(u);
    return new double[] {u[0] / n, u[1] / n, u[2] / n};
  }

  private static void checkGripper(double g, double prev, double rate) {
    if (!(g >= 0 && g <= 1) || Math.abs(g - prev) > rate * DT + 1e-12) {
      fail("gripper " + g + " after " + prev);
    }
  }

  private static double dist(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < 3; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }
}
