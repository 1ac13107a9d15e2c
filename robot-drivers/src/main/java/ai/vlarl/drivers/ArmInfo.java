package ai.vlarl.drivers;

import java.util.Arrays;

/**
 * What an arm is, known after {@link RobotArm#connect()}.
 *
 * @param name a human-readable name, e.g. {@code "UR5e at 192.168.1.10"}
 * @param dof number of joints (0 for a Cartesian-only arm)
 * @param jointLower the hardware's lower joint limits in radians (length {@code dof})
 * @param jointUpper the hardware's upper joint limits in radians (length {@code dof})
 */
public record ArmInfo(String name, int dof, double[] jointLower, double[] jointUpper) {
  public ArmInfo {
    jointLower = jointLower.clone();
    jointUpper = jointUpper.clone();
    if (jointLower.length != dof || jointUpper.length != dof) {
      throw new IllegalArgumentException(
          "arm " + name + " has " + dof + " joints but " + jointLower.length + "/" + jointUpper.length
              + " joint limits");
    }
    for (int i = 0; i < dof; i++) {
      if (!(jointLower[i] < jointUpper[i])) {
        throw new IllegalArgumentException("arm " + name + ": joint " + i + " limits "
            + jointLower[i] + " .. " + jointUpper[i] + " are empty");
      }
    }
  }

  @Override
  public double[] jointLower() {
    return jointLower.clone();
  }

  @Override
  public double[] jointUpper() {
    return jointUpper.clone();
  }

  @Override
  public String toString() {
    return name + " (" + dof + " joints, limits " + Arrays.toString(jointLower) + " .. "
        + Arrays.toString(jointUpper) + ")";
  }
}
