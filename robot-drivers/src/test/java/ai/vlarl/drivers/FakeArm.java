package ai.vlarl.drivers;

import java.util.ArrayList;
import java.util.List;

/**
 * An arm for tests that follows every target exactly and records what it was sent and when (on
 * the given clock). {@link #stop()} latches as the contract says: commands after it are counted
 * as ignored, not executed.
 */
public final class FakeArm implements RobotArm {
  /** One executed command and the clock time it arrived. */
  public record Sent(long nanos, ArmCommand command) {}

  private final Clock clock;
  private final ArmInfo info;
  private final List<Sent> sent = new ArrayList<>();
  private Pose pose;
  private double[] joints;
  private double gripper = 1;
  private volatile boolean stopped;
  private volatile long stopNanos = -1;
  private int stops;
  private int ignored;

  public FakeArm(Clock clock, Pose start, double[] joints, double[] lower, double[] upper) {
    this.clock = clock;
    this.pose = start;
    this.joints = joints.clone();
    this.info = new ArmInfo("fake arm", joints.length, lower, upper);
  }

  /** A Cartesian-only arm at {@code start}. */
  public static FakeArm cartesian(Clock clock, Pose start) {
    return new FakeArm(clock, start, new double[0], new double[0], new double[0]);
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
  public synchronized ArmState state() {
    return new ArmState(clock.nanos(), joints, pose, new GripperState(gripper, false));
  }

  @Override
  public synchronized void command(ArmCommand command) {
    if (stopped) {
      ignored++;
      return;
    }
    sent.add(new Sent(clock.nanos(), command));
    gripper = command.gripper();
    if (command instanceof ArmCommand.PoseTarget p) {
      pose = p.pose();
    } else if (command instanceof ArmCommand.JointTarget j) {
      joints = j.q();
    } else {
      throw new IllegalStateException("the shield sends absolute targets only, got " + command);
    }
  }

  /** Moves the measured pose (as if the arm were pushed). */
  public synchronized void setPose(Pose p) {
    pose = p;
  }

  @Override
  public synchronized void stop() {
    stopped = true;
    stops++;
    if (stopNanos < 0) {
      stopNanos = clock.nanos();
    }
  }

  @Override
  public synchronized void resume() {
    stopped = false;
    stopNanos = -1;
  }

  @Override
  public void close() {
    stop();
  }

  public synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  public boolean stopped() {
    return stopped;
  }

  /** When the first stop since the last resume arrived, or -1. */
  public long stopNanos() {
    return stopNanos;
  }

  public synchronized int stops() {
    return stops;
  }

  public synchronized int ignored() {
    return ignored;
  }
}
