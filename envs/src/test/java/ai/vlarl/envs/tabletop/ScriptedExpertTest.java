package ai.vlarl.envs.tabletop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.EpisodeStats;
import ai.vlarl.framework.env.StepResult;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScriptedExpertTest {
  /** Runs the expert on 200 seeded first episodes (N = 200) and counts successes. */
  @ParameterizedTest
  @ValueSource(strings = {"reach", "push", "pick-place"})
  void expertSucceedsOnAtLeast95PercentOf200Episodes(String task) {
    int n = 200;
    TabletopSimulator sim = new TabletopSimulator(Fixtures.config("tasks", java.util.List.of(task)), n);
    AutoResetVectorEnv env = new AutoResetVectorEnv(sim, true, false);
    env.reset(Fixtures.seeds(n, 1000));
    boolean[] finished = new boolean[n];
    int[] lengths = new int[n];
    int successes = 0;
    int done = 0;
    for (int t = 0; t < sim.horizon(0) && done < n; t++) {
      StepResult r = env.step(ScriptedExpert.chunk(sim));
      for (EpisodeStats e : r.episodes()) {
        if (!finished[e.env()]) {
          finished[e.env()] = true;
          lengths[e.env()] = e.length();
          done++;
          successes += e.successOnce() ? 1 : 0;
        }
      }
    }
    int[] sorted = lengths.clone();
    Arrays.sort(sorted);
    System.out.printf("%s expert: %d/%d successes, median length %d, p95 %d, max %d%n", task,
        successes, n, sorted[n / 2], sorted[n * 95 / 100], sorted[n - 1]);
    assertTrue(successes >= 190, task + " expert succeeded in " + successes + " of 200 episodes");
  }
}
