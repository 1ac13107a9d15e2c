package ai.vlarl.drivers;

/**
 * An arm whose gripper is a separate device: arm commands go to the arm, their {@link
 * ArmCommand#gripper()} to the gripper, and the state combines both.
 */
public final class ArmWithGripper implements RobotArm {
  private final RobotArm arm;
  private final Gripper gripper;
  private volatile boolean stopped;

  public ArmWithGripper(RobotArm arm, Gripper gripper) {
    this.arm = arm;
    this.gripper = gripper;
  }

  @Override
  public ArmInfo connect() {
    ArmInfo info = arm.connect();
    gripper.connect();
    return info;
  }

  @Override
  public ArmInfo info() {
    return arm.info();
  }

  @Override
  public ArmState state() {
    ArmState s = arm.state();
    return new ArmState(s.timestampNanos(), s.joints(), s.pose(), gripper.state());
  }

  @Override
  public void command(ArmCommand command) {
    if (stopped) {
      return;
    }
    arm.command(command);
    gripper.moveTo(command.gripper());
  }

  @Override
  public void stop() {
    stopped = true;
    arm.stop();
    gripper.stop();
  }

  @Override
  public void resume() {
    arm.resume();
    stopped = false;
  }

  @Override
  public void close() {
    try {
      arm.close();
    } finally {
      gripper.close();
    }
  }
}
