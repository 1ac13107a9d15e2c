package ai.vlarl.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArmWithGripperTest {
  /** A gripper that is where it was told to be, recording its commands. */
  static final class RecordingGripper implements Gripper {
    final List<Double> moves = new ArrayList<>();
    double opening = 1;
    boolean stopped;

    @Override
    public void connect() {}

    @Override
    public void moveTo(double o) {
      moves.add(o);
      opening = o;
    }

    @Override
    public GripperState state() {
      return new GripperState(opening, opening < 0.2);
    }

    @Override
    public void stop() {
      stopped = true;
    }

    @Override
    public void close() {}
  }

  @Test
  void armCommandsGoToTheArmAndGripperTargetsToTheGripper() {
    ManualClock clock = new ManualClock(0);
    FakeArm arm = FakeArm.cartesian(clock, Pose.at(0, 0, 0.1));
    RecordingGripper g = new RecordingGripper();
    ArmWithGripper both = new ArmWithGripper(arm, g);
    both.connect();
    both.command(new ArmCommand.PoseTarget(Pose.at(0.01, 0, 0.1), 0.1));
    assertEquals(Pose.at(0.01, 0, 0.1), both.state().pose());
    assertEquals(new GripperState(0.1, true), both.state().gripper(), "the gripper's own state");
    both.stop();
    both.command(new ArmCommand.PoseTarget(Pose.at(0.02, 0, 0.1), 1));
    assertEquals(List.of(0.1), g.moves, "nothing after stop");
    assertTrue(g.stopped && arm.stopped());
    both.resume();
    both.command(new ArmCommand.PoseTarget(Pose.at(0.02, 0, 0.1), 1));
    assertEquals(List.of(0.1, 1.0), g.moves);
  }
}
