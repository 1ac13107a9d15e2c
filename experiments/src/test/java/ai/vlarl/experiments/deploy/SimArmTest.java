package ai.vlarl.experiments.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.drivers.ArmCommand;
import ai.vlarl.drivers.ArmState;
import ai.vlarl.drivers.ManualClock;
import ai.vlarl.drivers.Pose;
import ai.vlarl.drivers.control.MappingConfig;
import ai.vlarl.envs.tabletop.TabletopConfig;
import ai.vlarl.envs.tabletop.TabletopSimulator;
import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.Observations;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimArmTest {
  private static final long MS = 1_000_000L;

  @Test
  void theSimulatorStepsOncePerActionPeriodTowardsTheTarget() {
    ManualClock clock = new ManualClock(0);
    TabletopConfig cfg = TabletopConfig.of(Map.of("tasks", List.of("reach")));
    try (SimArm arm = new SimArm(new TabletopSimulator(cfg, 1), clock, 0.01, 0.1)) {
      arm.reset(7);
      ArmState s0 = arm.state();
      Pose start = s0.pose();
      // ten 10 ms ticks of one 100 ms step, the target moving 1 cm in x: one simulator step at
      // the tenth tick, with action dx = 0.01 / MAX_STEP (0.02) = 0.5
      for (int t = 1; t <= 10; t++) {
        arm.command(new ArmCommand.PoseTarget(Pose.at(start.x() + 0.001 * t, start.y(), start.z()), 1));
        arm.settle(); // the step runs on the physics thread
        assertEquals(t == 10 ? 1 : 0, arm.steps(), "tick " + t);
        clock.advance(10 * MS);
      }
      assertEquals(start.x() + 0.01, arm.state().pose().x(), 1e-6);
      assertEquals(start.z(), arm.state().pose().z(), 1e-6);
      // a target beyond one step's reach moves MAX_STEP only; a target opening below 0.5 closes
      for (int t = 1; t <= 10; t++) {
        arm.command(new ArmCommand.PoseTarget(Pose.at(start.x() + 0.2, start.y(), start.z()), 0.4));
        clock.advance(10 * MS);
      }
      arm.settle();
      assertEquals(2, arm.steps());
      assertEquals(start.x() + 0.03, arm.state().pose().x(), 1e-6);
      assertEquals(0.0, arm.state().gripper().opening());
      arm.stop();
      arm.command(new ArmCommand.PoseTarget(Pose.at(0, 0, 0.1), 1));
      clock.advance(200 * MS);
      arm.command(new ArmCommand.PoseTarget(Pose.at(0, 0, 0.1), 1));
      arm.settle();
      assertEquals(2, arm.steps(), "stopped: commands are ignored");
    }
  }

  @Test
  void robotObservationsOfTheSimulatedSceneEqualTheSimulatorsOwn() {
    // the real-arm observation path (camera frame + proprio from the arm's state) rebuilds
    // exactly what the env observes in rgb mode
    ManualClock clock = new ManualClock(0);
    TabletopConfig cfg = TabletopConfig.of(Map.of("tasks", List.of("reach", "push"), "obs_mode", "rgb",
        "image_size", 32));
    try (SimArm arm = new SimArm(new TabletopSimulator(cfg, 1), clock, 0.01, 0.1);
        SimCamera camera = new SimCamera(arm, clock)) {
      arm.reset(3);
      for (int t = 0; t < 25; t++) { // move and close the gripper so proprio is not trivial
        arm.command(new ArmCommand.PoseTarget(Pose.at(0.05, 0.02, 0.05), 0));
        clock.advance(10 * MS);
      }
      Observations sim = arm.observe(); // after the queued steps
      MappingConfig mapping = new ConfigBinder((s, k) -> {
        throw new UserException("none");
      }).bind(MappingConfig.class, Map.of());
      RobotObservations ro = new RobotObservations(arm.simulator().spec(), mapping,
          sim.instructions()[0], sim.taskIds()[0]);
      Observations real = ro.build(camera.latest(), null, arm.state());
      assertArrayEquals(sim.image().toByteArray(), real.image().toByteArray());
      assertArrayEquals(sim.proprio().toFloatArray(), real.proprio().toFloatArray(), 1e-6f);
      assertEquals(sim, real);
      assertFalse(sim.proprio().getFloat(3) > 0.5f, "gripper closed");
      assertTrue(arm.steps() >= 2);
    }
  }
}
