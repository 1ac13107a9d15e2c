package ai.vlarl.drivers.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MappingConfigTest {
  @Test
  void tabletopActionsBecomeTwoCentimeterSteps() {
    MappingConfig m = LoopFixtures.bind(MappingConfig.class);
    assertEquals(new StepMotion(0.02, -0.01, 0.005, 0, 0, 0, 0), m.map(new float[] {1, -0.5f, 0.25f, -0.1f}));
    assertEquals(1.0, m.map(new float[] {0, 0, 0, 0}).gripper(), "0 opens, as in the tabletop physics");
  }

  @Test
  void aFrameRotationTurnsTheAxes() {
    // a quarter turn about z: the policy's +x is the robot's +y
    MappingConfig m = LoopFixtures.bind(MappingConfig.class, "frame_rotation", List.of(0.0, 0.0, Math.PI / 2));
    StepMotion s = m.map(new float[] {1, 0, 0, 0, 0, 0, 1});
    assertEquals(0, s.dx(), 1e-12);
    assertEquals(0.02, s.dy(), 1e-12);
  }

  @Test
  void otherActionSizesAreRefused() {
    MappingConfig m = LoopFixtures.bind(MappingConfig.class);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.map(new float[5]));
    assertTrue(e.getMessage().contains("4 ([dx, dy, dz, gripper]) or 7"));
  }
}
