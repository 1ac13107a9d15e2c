package ai.vlarl.drivers;

/**
 * An end-effector (TCP) pose in the robot's base frame: a position in meters and an orientation
 * as a rotation vector (axis × angle, radians), the convention of Universal Robots' {@code p[x, y,
 * z, rx, ry, rz]}.
 */
public record Pose(double x, double y, double z, double rx, double ry, double rz) {

  /** The pose {@code [x, y, z, rx, ry, rz]}; the array must have 6 finite values. */
  public static Pose of(double[] v) {
    if (v.length != 6) {
      throw new IllegalArgumentException("a pose has 6 values (x, y, z, rx, ry, rz), got " + v.length);
    }
    return new Pose(v[0], v[1], v[2], v[3], v[4], v[5]);
  }

  /** A pose at {@code (x, y, z)} with the identity orientation. */
  public static Pose at(double x, double y, double z) {
    return new Pose(x, y, z, 0, 0, 0);
  }

  /** {@code [x, y, z, rx, ry, rz]}. */
  public double[] toArray() {
    return new double[] {x, y, z, rx, ry, rz};
  }

  /** {@code [x, y, z]}. */
  public double[] position() {
    return new double[] {x, y, z};
  }

  /** {@code [rx, ry, rz]}. */
  public double[] rotation() {
    return new double[] {rx, ry, rz};
  }

  /** Whether all six values are finite (no NaN, no infinity). */
  public boolean isFinite() {
    return Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(z)
        && Double.isFinite(rx) && Double.isFinite(ry) && Double.isFinite(rz);
  }

  /** The same orientation at another position. */
  public Pose withPosition(double[] p) {
    return new Pose(p[0], p[1], p[2], rx, ry, rz);
  }

  @Override
  public String toString() {
    return String.format("p[%.4f, %.4f, %.4f, %.4f, %.4f, %.4f]", x, y, z, rx, ry, rz);
  }
}
