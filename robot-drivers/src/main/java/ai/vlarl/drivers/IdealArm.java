package ai.vlarl.drivers;

/**
 * An arm that is exactly where it was last told to be, at once: for warming up the command path
 * before a real run, and as a stand-in where no arm is needed. Cartesian-only (no joints).
 */
public final class IdealArm implements RobotArm {
  private final Clock clock;
  private final ArmInfo info = new ArmInfo("ideal arm", 0, new double[0], new double[0]);
  private volatile Pose pose;
  private volatile double gripper = 1;
  private volatile boolean stopped;

  public IdealArm(Clock clock, Pose start) {
    this.clock = clock;
    this.pose = start;
  }

  @Override
  public ArmInfo connect() {
    return info;
  }

  @Override
  public ArmInfo info() {
    return info;
  }

  @Override
  public ArmState state() {
    return new ArmState(clock.nanos(), new double[0], pose, new GripperState(gripper, false));
  }

  @Override
  public void command(ArmCommand command) {
    if (stopped) {
      return;
    }
    if (!(command instanceof ArmCommand.PoseTarget t)) {
      throw new ArmException("the ideal arm takes end-effector targets, got " + command);
    }
    pose = t.pose();
    gripper = t.gripper();
  }

  @Override
  public void stop() {
    stopped = true;
  }

  @Override
  public void resume() {
    stopped = false;
  }

  @Override
  public void close() {
    stopped = true;
  }
}
