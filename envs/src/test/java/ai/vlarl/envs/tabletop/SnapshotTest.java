package ai.vlarl.envs.tabletop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.StepResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotTest {
  @ParameterizedTest
  @ValueSource(strings = {"state", "rgb"})
  void aRestoredEnvContinuesIdentically(String mode) {
    int n = 5;
    TabletopConfig cfg = Fixtures.config("obs_mode", mode, "wrist_camera", true);
    AutoResetVectorEnv env = new AutoResetVectorEnv(new TabletopSimulator(cfg, n), true, false);
    env.reset(Fixtures.seeds(n, 3));
    Rng rng = new Rng(11);
    for (int t = 0; t < 25; t++) { // mid-episode, with grasps and auto-resets behind
      env.step(Fixtures.randomActions(rng, n, 2));
    }
    byte[] state = env.saveState();
    List<HostArray> actions = new ArrayList<>();
    List<StepResult> expected = new ArrayList<>();
    for (int t = 0; t < 30; t++) {
      actions.add(Fixtures.randomActions(rng, n, 1 + t % 3));
      expected.add(env.step(actions.get(t)));
    }
    AutoResetVectorEnv restored = new AutoResetVectorEnv(new TabletopSimulator(cfg, n), true, false);
    restored.reset(Fixtures.seeds(n, 999)); // some other state, overwritten by the load
    restored.loadState(state);
    for (int t = 0; t < 30; t++) {
      StepResult got = restored.step(actions.get(t));
      assertEquals(expected.get(t).observations(), got.observations(), "step " + t);
      assertArrayEquals(expected.get(t).reward(), got.reward());
      assertArrayEquals(expected.get(t).episodes(), got.episodes());
    }
  }

  @Test
  void aStateOfAnotherConfigIsRefused() {
    byte[] five = new TabletopSimulator(Fixtures.config(), 5).saveState();
    for (TabletopSimulator other :
        List.of(
            new TabletopSimulator(Fixtures.config(), 4),
            new TabletopSimulator(Fixtures.config("distractors", 1), 5),
            new TabletopSimulator(Fixtures.config("tasks", List.of("push")), 5))) {
      var e = assertThrows(IllegalArgumentException.class, () -> other.loadState(five));
      assertTrue(e.getMessage().startsWith("state of tabletop[reach,push,pick-place] with 5 sub-envs"),
          e.getMessage());
    }
  }
}
