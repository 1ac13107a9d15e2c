package ai.vlarl.envs.tabletop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.EpisodeStats;
import ai.vlarl.framework.env.StepResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The out-of-distribution splits stay solvable: the scripted expert succeeds in them too. */
class SplitExpertTest {
  @ParameterizedTest
  @CsvSource({"ood-execution, reach", "ood-execution, push", "ood-execution, pick-place",
      "ood-semantic, pick-place", "ood-vision, push"})
  void theExpertSolvesAtLeast90PercentOf100Episodes(String split, String task) {
    int n = 100;
    TabletopSimulator sim = new TabletopSimulator(
        TabletopConfig.of(Map.of("tasks", List.of(task), "split", split)), n);
    AutoResetVectorEnv env = new AutoResetVectorEnv(sim, true, false);
    env.reset(Fixtures.seeds(n, 5000));
    boolean[] finished = new boolean[n];
    int successes = 0;
    int done = 0;
    for (int t = 0; t < sim.horizon(0) && done < n; t++) {
      StepResult r = env.step(ScriptedExpert.chunk(sim));
      for (EpisodeStats e : r.episodes()) {
        if (!finished[e.env()]) {
          finished[e.env()] = true;
          done++;
          successes += e.successOnce() ? 1 : 0;
        }
      }
    }
    System.out.printf("%s %s expert: %d/%d%n", split, task, successes, n);
    assertTrue(successes >= 90, split + " " + task + ": expert succeeded in " + successes + " of 100");
    sim.close();
  }
}
