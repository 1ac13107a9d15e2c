package ai.vlarl.drivers.safety;

import ai.vlarl.drivers.ArmException;
import ai.vlarl.drivers.ArmInfo;
import ai.vlarl.drivers.ArmState;

/**
 * Where an arm may be: the workspace box and the joint limits (the arm's own, narrowed by the
 * config's, shrunk by the margin). Checks the measured state at start (strictly) and while
 * running (with the configured tolerance).
 */
final class Bounds {
  private final SafetyConfig cfg;
  private final ArmInfo info;
  private final double[] jointLower;
  private final double[] jointUpper;

  Bounds(SafetyConfig cfg, ArmInfo info) {
    this.cfg = cfg;
    this.info = info;
    int n = info.dof();
    double[] lo = info.jointLower();
    double[] hi = info.jointUpper();
    if (!cfg.joint_lower().isEmpty()) {
      if (cfg.joint_lower().size() != n) {
        throw new ArmException("safety.joint_lower/joint_upper give " + cfg.joint_lower().size()
            + " joints but " + info.name() + " has " + n);
      }
      for (int i = 0; i < n; i++) {
        lo[i] = Math.max(lo[i], cfg.joint_lower().get(i));
        hi[i] = Math.min(hi[i], cfg.joint_upper().get(i));
      }
    }
    jointLower = new double[n];
    jointUpper = new double[n];
    for (int i = 0; i < n; i++) {
      jointLower[i] = lo[i] + cfg.joint_margin();
      jointUpper[i] = hi[i] - cfg.joint_margin();
      if (!(jointLower[i] < jointUpper[i])) {
        throw new ArmException("joint " + i + " of " + info.name() + ": limits " + lo[i] + " .. "
            + hi[i] + " leave no room inside safety.joint_margin " + cfg.joint_margin());
      }
    }
  }

  /** Effective lower joint limits (margin applied). */
  double[] jointLower() {
    return jointLower.clone();
  }

  /** Effective upper joint limits (margin applied). */
  double[] jointUpper() {
    return jointUpper.clone();
  }

  /** The arm must start at rest inside the workspace and the (margin-shrunk) joint limits. */
  void checkStart(ArmState s) {
    double[] p = s.pose().position();
    double[] lo = cfg.boxMin();
    double[] hi = cfg.boxMax();
    for (int i = 0; i < 3; i++) {
      if (!(p[i] >= lo[i] && p[i] <= hi[i])) {
        throw new ArmException(info.name() + ": the end-effector at " + s.pose()
            + " is outside the safety workspace " + cfg.workspace_min() + " .. " + cfg.workspace_max()
            + " (axis " + "xyz".charAt(i) + "); move it inside before deploying");
      }
    }
    double[] q = s.joints();
    for (int i = 0; i < q.length && i < jointLower.length; i++) {
      if (!(q[i] >= jointLower[i] && q[i] <= jointUpper[i])) {
        throw new ArmException(info.name() + ": joint " + i + " at " + q[i] + " rad is outside "
            + jointLower[i] + " .. " + jointUpper[i] + " (joint limits less safety.joint_margin);"
            + " move it inside before deploying");
      }
    }
  }

  /**
   * What is wrong with a measured state while running, or null: the TCP outside the workspace by
   * more than {@code state_tolerance}, or a joint beyond its hardware limit.
   */
  String problem(ArmState s) {
    double[] p = s.pose().position();
    double[] lo = cfg.boxMin();
    double[] hi = cfg.boxMax();
    double tol = cfg.state_tolerance();
    for (int i = 0; i < 3; i++) {
      if (!(p[i] >= lo[i] - tol && p[i] <= hi[i] + tol)) {
        return "measured end-effector " + s.pose() + " is outside the workspace by more than "
            + tol + " m on axis " + "xyz".charAt(i);
      }
    }
    double[] q = s.joints();
    double[] hwLo = info.jointLower();
    double[] hwHi = info.jointUpper();
    for (int i = 0; i < q.length && i < hwLo.length; i++) {
      if (!(q[i] >= hwLo[i] && q[i] <= hwHi[i])) {
        return "measured joint " + i + " at " + q[i] + " rad is beyond its limits " + hwLo[i]
            + " .. " + hwHi[i];
      }
    }
    return null;
  }
}
