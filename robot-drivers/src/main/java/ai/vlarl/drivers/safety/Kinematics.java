package ai.vlarl.drivers.safety;

/**
 * The per-period limiting arithmetic of the shield: the next velocity of a target moving under
 * speed, acceleration and position-box limits. Every function returns a velocity that satisfies
 * all its limits at once (up to rounding), given a previous velocity that satisfied them a period
 * earlier; the shield keeps that invariant.
 *
 * <p>Position boxes are enforced through braking caps: moving towards a wall, the velocity is
 * capped to what the acceleration limit can still stop before the wall, {@code v·dt + v²/(2a) ≤ d}
 * ({@link #brakingSpeed}). Such a cap shrinks by at most {@code a·dt} from one period to the next,
 * so a target never has to brake harder than its acceleration limit and never crosses a wall.
 */
final class Kinematics {
  private Kinematics() {}

  /**
   * The largest speed that can still stop within {@code distance} with deceleration {@code accel}
   * when the velocity is applied for one more period {@code dt} first: the positive root of {@code
   * v·dt + v²/(2·accel) = distance}; 0 for a non-positive distance.
   */
  static double brakingSpeed(double distance, double accel, double dt) {
    if (!(distance > 0)) {
      return 0;
    }
    return accel * (-dt + Math.sqrt(dt * dt + 2 * distance / accel));
  }

  /**
   * The next 3-D velocity: the one nearest {@code desired} (in the sense of the construction
   * below) with {@code |v| ≤ vmax}, {@code |v - v0| ≤ dvmax} and {@code lo[i] ≤ v[i] ≤ hi[i]}.
   *
   * <p>Construction: {@code cand} is {@code desired} clamped into the box and scaled into the speed
   * ball; {@code start} is {@code v0} clamped into the box. Both satisfy the box and speed limits,
   * so every point of the segment between them does; the result is the point of the segment
   * nearest {@code cand} within {@code dvmax} of {@code v0}. {@code start} is within {@code dvmax}
   * of {@code v0} when the caller's box shrank by at most {@code dvmax / √3} per axis.
   *
   * @param lo per-axis lower bounds (≤ 0), may be {@code -∞}
   * @param hi per-axis upper bounds (≥ 0), may be {@code +∞}
   */
  static double[] limitVector(double[] v0, double[] desired, double vmax, double dvmax,
      double[] lo, double[] hi) {
    double[] cand = new double[3];
    double[] start = new double[3];
    for (int i = 0; i < 3; i++) {
      cand[i] = clamp(desired[i], lo[i], hi[i]);
      start[i] = clamp(v0[i], lo[i], hi[i]);
    }
    double speed = norm(cand);
    if (speed > vmax) {
      for (int i = 0; i < 3; i++) {
        cand[i] *= vmax / speed;
      }
    }
    double speed0 = norm(start);
    if (speed0 > vmax) { // only by rounding: v0 satisfied the speed limit
      for (int i = 0; i < 3; i++) {
        start[i] *= vmax / speed0;
      }
    }
    double[] d = new double[3];
    double[] e = new double[3];
    for (int i = 0; i < 3; i++) {
      d[i] = cand[i] - start[i];
      e[i] = start[i] - v0[i];
    }
    double lambda = segmentWithin(e, d, dvmax);
    double[] out = new double[3];
    for (int i = 0; i < 3; i++) {
      out[i] = start[i] + lambda * d[i];
    }
    return out;
  }

  /**
   * The largest {@code λ} in [0, 1] with {@code |e + λ·d| ≤ radius}: where the segment leaves the
   * ball (0 when it starts outside, which the shield's invariant rules out).
   */
  static double segmentWithin(double[] e, double[] d, double radius) {
    double dd = dot(d, d);
    double ee = dot(e, e);
    double r2 = radius * radius;
    if (dd == 0) {
      return 1;
    }
    double ed = dot(e, d);
    if (dd + 2 * ed + ee <= r2) {
      return 1;
    }
    double disc = ed * ed - dd * (ee - r2);
    if (disc <= 0 || ee > r2) {
      return 0;
    }
    double lambda = (-ed + Math.sqrt(disc)) / dd;
    return Math.max(0, Math.min(1, lambda));
  }

  /** Clamps {@code v} into {@code [lo, hi]}. */
  static double clamp(double v, double lo, double hi) {
    return v < lo ? lo : (v > hi ? hi : v);
  }

  static double norm(double[] v) {
    return Math.sqrt(dot(v, v));
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
