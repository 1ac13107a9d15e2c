package ai.vlarl.framework.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.config.Section;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.run.CheckpointedPolicy;
import ai.vlarl.framework.run.EvalConfig;
import ai.vlarl.framework.run.ExperimentConfig;
import ai.vlarl.framework.run.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A scripted policy of known success through the whole evaluation path: episode k starts from
 * seed 100 + k and succeeds (at its first step) exactly when (100 + k) mod 10 < 7.
 *
 * <p>For 25 episodes the seeds 100..124 have residues 0..9, 0..9, 0..4: 7 + 7 + 5 = 19
 * successes, 6 failures that run to the horizon of 4 steps.
 */
class ScriptedSuiteTest {
  private static final double EPS = 1e-6;

  /** The coin task: {@code episodes} from seeds 100.., {@code envs} sub-envs. */
  record CoinTask(int episodes, int numEnvs, int settleSteps) implements EvalTask {
    @Override
    public String name() {
      return "coin";
    }

    @Override
    public long seed(int k) {
      return 100 + k;
    }

    @Override
    public float[] noop(int dim) {
      return new float[] {-1}; // the no-op never succeeds
    }

    @Override
    public EvalEnv open(boolean record) {
      return new EvalEnv(new AutoResetVectorEnv(new CoinSimulator(numEnvs), true, false), null);
    }
  }

  record Empty() {}

  static CheckpointedPolicy checkpointed(ScriptedPolicy p) {
    ExperimentConfig cfg = new ExperimentConfig("coin", 1, new Section("coin", new Empty()),
        new Section("scripted", new Empty()), new Section("none", new Empty()),
        new TrainConfig(1, 1, 0, 1, false), new EvalConfig(true, 1, 1, true, 0));
    return new CheckpointedPolicy(Path.of("/ckpt/coin"), cfg,
        new CoinSimulator(1).spec(), p);
  }

  static SuiteReport evaluate(ScriptedPolicy p, EvalTask... tasks) {
    SuitePlan plan = new SuitePlan("coin flips", false, 0, List.of(), Map.of("episodes_per_task", 25),
        List.of(tasks));
    return SuiteEvaluator.run("coin", plan, checkpointed(p), 5, 0, null).report();
  }

  @Test
  void countsRatesAndIntervalOfAKnownPolicy() {
    SuiteReport r = evaluate(new ScriptedPolicy(7, 1), new CoinTask(25, 4, 0));
    TaskResult t = r.tasks().get(0);
    assertEquals(25, t.episodes());
    assertEquals(19, t.successes());
    assertEquals(0.76, t.successRate(), 1e-12);
    // lengths: 19 successes of 1 step, 6 failures of 4: (19 + 24) / 25 = 1.72
    assertEquals(1.72, t.meanLength(), 1e-12);
    // Wilson: z²/25 = 0.1536584; center = (0.76 + 0.0768292) / 1.1536584 = 0.7253700;
    // half = 1.959964 / 1.1536584 · sqrt(0.76 · 0.24 / 25 + z² / 2500) = 0.1596668
    assertEquals(0.5657032, t.ci95().low(), EPS);
    assertEquals(0.8850369, t.ci95().high(), EPS);
    assertEquals(0.76, r.meanSuccessRate(), 1e-12);
  }

  @Test
  void aPolicyThatNeverSucceeds() {
    TaskResult t = evaluate(new ScriptedPolicy(0, 1), new CoinTask(25, 4, 0)).tasks().get(0);
    assertEquals(0, t.successes());
    assertEquals(4.0, t.meanLength(), 1e-12);
    // 0/25: [0, 2 · (z²/50) / (1 + z²/25)] = [0, 0.1331923]
    assertEquals(0, t.ci95().low(), 0);
    assertEquals(0.1331923, t.ci95().high(), EPS);
  }

  @Test
  void theResultDoesNotDependOnTheNumberOfSubEnvs() {
    String one = ReportJson.text(evaluate(new ScriptedPolicy(7, 1), new CoinTask(25, 1, 0)));
    assertEquals(one, ReportJson.text(evaluate(new ScriptedPolicy(7, 1), new CoinTask(25, 4, 0))));
    assertEquals(one, ReportJson.text(evaluate(new ScriptedPolicy(7, 1), new CoinTask(25, 25, 0))));
  }

  @Test
  void exactlyTheRequestedEpisodesAreCountedWithSpareSubEnvs() {
    // 3 episodes on 4 sub-envs (seeds 100, 101, 102: all succeed); the spare sub-env runs on its
    // own but is never counted
    TaskResult t = evaluate(new ScriptedPolicy(7, 1), new CoinTask(3, 4, 0)).tasks().get(0);
    assertEquals(3, t.episodes());
    assertEquals(3, t.successes());
  }

  @Test
  void settleStepsRunNoOpChunksBeforeThePolicyActs() {
    // chunk 1, 2 settle steps of the no-op (-1): successes now happen at step 3
    // mean length = (19 · 3 + 6 · 4) / 25 = 3.24
    TaskResult t = evaluate(new ScriptedPolicy(7, 1), new CoinTask(25, 4, 2)).tasks().get(0);
    assertEquals(19, t.successes());
    assertEquals(3.24, t.meanLength(), 1e-12);
    // chunk 2, 1 settle step: rounded up to one whole no-op chunk of 2 steps; the success at
    // step 3 ends the episode inside the next chunk, so the same lengths
    TaskResult c = evaluate(new ScriptedPolicy(7, 2), new CoinTask(25, 4, 1)).tasks().get(0);
    assertEquals(19, c.successes());
    assertEquals(3.24, c.meanLength(), 1e-12);
  }

  @Test
  void tasksAreReportedInOrderWithTheMeanOverTasks() {
    ScriptedPolicy p = new ScriptedPolicy(7, 1);
    SuiteReport r = evaluate(p, new CoinTask(25, 4, 0), new CoinTask(10, 4, 0));
    List<Integer> successes = new ArrayList<>();
    r.tasks().forEach(t -> successes.add(t.successes()));
    // the second task: seeds 100..109, 7 successes
    assertEquals(List.of(19, 7), successes);
    assertEquals((0.76 + 0.7) / 2, r.meanSuccessRate(), 1e-12);
    assertTrue(r.protocol().containsKey("greedy"));
  }

  @Test
  void aSuiteOfAnotherActionSpaceIsAClearError() {
    SuitePlan plan = new SuitePlan("seven dims", false, 7, List.of("x", "y", "z", "r", "p", "w", "g"),
        Map.of(), List.of(new CoinTask(1, 1, 0)));
    UserException e = assertThrows(UserException.class,
        () -> SuiteEvaluator.run("libero-goal", plan, checkpointed(new ScriptedPolicy(7, 1)), 0, 0, null));
    assertEquals("checkpoint /ckpt/coin acts in 1 action dims [flip]; suite libero-goal takes 7"
        + " [x, y, z, r, p, w, g]", e.getMessage());
  }
}
