package ai.vlarl.drivers;

/**
 * Rotation-vector arithmetic through unit quaternions {@code [w, x, y, z]}: composing orientations,
 * the rotation between two orientations, and applying an angular step. Rotation vectors are axis ×
 * angle with the angle in [0, π].
 */
public final class Rotations {
  private Rotations() {}

  /** The unit quaternion of rotation vector {@code r}. */
  public static double[] quaternion(double[] r) {
    double angle = norm(r);
    if (angle < 1e-12) {
      return new double[] {1, r[0] / 2, r[1] / 2, r[2] / 2};
    }
    double s = Math.sin(angle / 2) / angle;
    return normalize(new double[] {Math.cos(angle / 2), r[0] * s, r[1] * s, r[2] * s});
  }

  /** The rotation vector of unit quaternion {@code q} (angle in [0, π]). */
  public static double[] rotationVector(double[] q) {
    double w = q[0];
    double x = q[1];
    double y = q[2];
    double z = q[3];
    if (w < 0) { // q and -q are the same rotation; take the one with the smaller angle
      w = -w;
      x = -x;
      y = -y;
      z = -z;
    }
    double s = Math.sqrt(x * x + y * y + z * z);
    if (s < 1e-12) {
      return new double[] {2 * x, 2 * y, 2 * z};
    }
    double angle = 2 * Math.atan2(s, w);
    return new double[] {x / s * angle, y / s * angle, z / s * angle};
  }

  /** {@code a ⊗ b}: rotate by {@code b}, then by {@code a}. */
  public static double[] multiply(double[] a, double[] b) {
    return new double[] {
      a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3],
      a[0] * b[1] + a[1] * b[0] + a[2] * b[3] - a[3] * b[2],
      a[0] * b[2] - a[1] * b[3] + a[2] * b[0] + a[3] * b[1],
      a[0] * b[3] + a[1] * b[2] - a[2] * b[1] + a[3] * b[0]
    };
  }

  /** The inverse of a unit quaternion. */
  public static double[] conjugate(double[] q) {
    return new double[] {q[0], -q[1], -q[2], -q[3]};
  }

  /**
   * The rotation taking orientation {@code from} to orientation {@code to}, expressed in the base
   * frame, as a rotation vector: {@code to = exp(result) · from}.
   */
  public static double[] between(double[] fromRotVec, double[] toRotVec) {
    return rotationVector(multiply(quaternion(toRotVec), conjugate(quaternion(fromRotVec))));
  }

  /** Orientation {@code from} rotated by {@code step} (rotation vector in the base frame). */
  public static double[] apply(double[] step, double[] fromRotVec) {
    return rotationVector(multiply(quaternion(step), quaternion(fromRotVec)));
  }

  /** Euclidean norm of a 3-vector. */
  public static double norm(double[] v) {
    return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  }

  private static double[] normalize(double[] q) {
    double n = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
    return new double[] {q[0] / n, q[1] / n, q[2] / n, q[3] / n};
  }
}
