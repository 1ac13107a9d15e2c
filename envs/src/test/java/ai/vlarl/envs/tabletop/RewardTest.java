package ai.vlarl.envs.tabletop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.EpisodeStats;
import ai.vlarl.framework.env.StepResult;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RewardTest {
  /** Runs the expert on 8 episodes of a task with a reward mode; returns per-step rewards. */
  private static float[][] expertRewards(String task, String reward, double[] firstPotential) {
    int n = 8;
    TabletopSimulator sim =
        new TabletopSimulator(Fixtures.config("tasks", List.of(task), "reward", reward), n);
    for (int i = 0; i < n; i++) {
      firstPotential[i] = sim.world().hPhi[i];
    }
    AutoResetVectorEnv env = new AutoResetVectorEnv(sim, true, false);
    float[][] rewards = new float[n][];
    float[][] trace = new float[n][200];
    int[] len = new int[n];
    for (int t = 0; t < 150; t++) {
      StepResult r = env.step(ScriptedExpert.chunk(sim));
      for (int i = 0; i < n; i++) {
        if (rewards[i] == null) {
          trace[i][len[i]++] = r.reward()[i];
        }
      }
      for (EpisodeStats e : r.episodes()) {
        if (rewards[e.env()] == null) {
          assertTrue(e.successOnce());
          rewards[e.env()] = java.util.Arrays.copyOf(trace[e.env()], len[e.env()]);
        }
      }
    }
    return rewards;
  }

  @ParameterizedTest
  @ValueSource(strings = {"reach", "push", "pick-place"})
  void denseRewardsSumToProgressPlusTheSuccessBonus(String task) {
    double[] phi0 = new double[8];
    float[][] rewards = expertRewards(task, "dense", phi0);
    for (int i = 0; i < rewards.length; i++) {
      double sum = 0;
      for (float r : rewards[i]) {
        sum += r;
        assertTrue(r > -0.6 && r <= 2, "dense step reward " + r);
      }
      assertTrue(phi0[i] > 0 && phi0[i] < 0.6, "initial potential " + phi0[i]);
      assertEquals(1 - phi0[i] + 1, sum, 1e-4, "potential shaping telescopes");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sparse", "staged"})
  void sparseAndStagedRewardsAreOneOnSuccess(String mode) {
    float[][] rewards = expertRewards("pick-place", mode, new double[8]);
    for (float[] episode : rewards) {
      assertEquals(1f, episode[episode.length - 1], "success step");
      for (int t = 0; t < episode.length - 1; t++) {
        if (mode.equals("sparse")) {
          assertEquals(0f, episode[t]);
        } else {
          assertTrue(episode[t] >= 0 && episode[t] < 0.9, "staged reward " + episode[t]);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dense"})
  void droppingTheBlockCostsAtLeastWhatGraspingItEarned(String mode) {
    TabletopSimulator sim =
        new TabletopSimulator(Fixtures.config("tasks", List.of("pick-place"), "reward", mode), 1);
    World w = sim.world();
    float x = w.block(0, 0, 0);
    float y = w.block(0, 0, 1);
    float graspReward = 0;
    float[][] plan = {{x, y, 0.02f, 1}, {x, y, 0.02f, -1}, {x, y, 0.1f, -1}};
    for (float[] p : plan) {
      for (int t = 0; t < 10; t++) {
        boolean wasHeld = w.held(0, 0);
        float[] a = new float[4];
        for (int d = 0; d < 3; d++) {
          a[d] = Math.max(-1, Math.min(1, (p[d] - w.ee(0, d)) / Geometry.MAX_STEP));
        }
        a[3] = p[3];
        float r = Fixtures.simStep(sim, a, new boolean[1])[0];
        if (!wasHeld && w.held(0, 0)) {
          graspReward = r;
        }
      }
    }
    assertTrue(graspReward > 0.25, "grasp bonus " + graspReward);
    double before = w.hPhi[0];
    float drop = Fixtures.simStep(sim, new float[] {0, 0, 0, 1}, new boolean[1])[0];
    // dense: the step's reward is the potential's change (no success here), and opening the
    // gripper loses the grasp's stage and the lift's progress: at least what the grasp step earned
    assertEquals(w.hPhi[0] - before, drop, 1e-6, "reward = potential after - potential before");
    assertTrue(-drop >= graspReward - 1e-6, "dropping costs " + drop + ", grasping earned " + graspReward);
  }
}
