package ai.vlarl.envs.tabletop;

import static ai.vlarl.envs.tabletop.StateEncoder.SCALE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.vlarl.framework.env.Observations;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateEncoderTest {
  @Test
  void theStateVectorFollowsTheDocumentedLayout() {
    int n = 9;
    TabletopSimulator sim =
        new TabletopSimulator(Fixtures.config("tasks", List.of("pick-place", "reach", "push"), "distractors", 3), n);
    Observations o = sim.observe();
    int dim = StateEncoder.stateDim(4);
    assertEquals(29, dim);
    assertEquals(dim, o.state().dim(1));
    World w = sim.world();
    for (int i = 0; i < n; i++) {
      float[] s = new float[dim];
      o.state().floats().position(i * dim);
      for (int j = 0; j < dim; j++) {
        s[j] = o.state().getFloat(i * dim + j);
      }
      Episode e = sim.episode(i);
      assertEquals(List.of("pick-place", "reach", "push").indexOf(e.task().name()), o.taskIds()[i]);
      assertEquals(e.instruction(), o.instructions()[i]);
      boolean reach = e.task().name().equals("reach");
      for (int a = 0; a < 3; a++) {
        assertEquals(e.ee()[a] * SCALE, s[a], 1e-6);
        assertEquals(e.blocks()[a] * SCALE, s[5 + a], 1e-6);
        float goal = reach ? e.blocks()[a] : w.goal(i, a);
        assertEquals(goal * SCALE, s[8 + a], 1e-6);
        assertEquals(s[5 + a] - s[a], s[11 + a], 1e-5);
        assertEquals(s[8 + a] - s[5 + a], s[14 + a], 1e-5);
        for (int d = 1; d < 4; d++) {
          assertEquals(e.blocks()[3 * d + a] * SCALE, s[StateEncoder.BASE_DIM + 3 * (d - 1) + a], 1e-6);
        }
      }
      assertEquals(1f, s[3], "gripper starts open");
      assertEquals(0f, s[4], "nothing grasped");
      for (int t = 0; t < 3; t++) {
        assertEquals(t == e.task().slot() ? 1f : 0f, s[17 + t]);
      }
      if (!reach) {
        float[] f = e.fixtures();
        assertEquals(f[0] * SCALE, s[8], 1e-6, "goal is the goal fixture");
        assertEquals(f[1] * SCALE, s[9], 1e-6);
      }
    }
  }
}
