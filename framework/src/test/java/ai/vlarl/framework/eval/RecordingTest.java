package ai.vlarl.framework.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.vlarl.framework.env.AutoResetVectorEnv;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Episodes recorded through {@link SimulatorRecorder} during a vectorized evaluation. */
class RecordingTest {
  /** A 2×1 camera whose pixels hold the sub-env's step count since its reset (and its index). */
  static byte[] frame(CoinSimulator sim, int env) {
    return new byte[] {(byte) sim.steps(env), (byte) env, 0, 0, 0, 0};
  }

  record RecordedCoinTask(int episodes, int numEnvs) implements EvalTask {
    @Override
    public String name() {
      return "coin";
    }

    @Override
    public long seed(int k) {
      return 100 + k;
    }

    @Override
    public EvalEnv open(boolean record) {
      CoinSimulator sim = new CoinSimulator(numEnvs);
      SimulatorRecorder rec = new SimulatorRecorder(sim, i -> frame(sim, i), 2, 1);
      return new EvalEnv(new AutoResetVectorEnv(rec, true, false), record ? rec : null);
    }
  }

  @Test
  void theFirstEpisodesAreRecordedUpToTheirLastState() {
    ScriptedPolicy p = new ScriptedPolicy(7, 1);
    SuitePlan plan = new SuitePlan("coin", false, 0, List.of(), Map.of(),
        List.of(new RecordedCoinTask(12, 3)));
    SuiteEvaluator.Result r = SuiteEvaluator.run("coin", plan, ScriptedSuiteTest.checkpointed(p), 0, 9, null);
    List<Video> videos = r.videos();
    assertEquals(9, videos.size());
    for (int k = 0; k < 9; k++) {
      Video v = videos.get(k);
      assertEquals(k, v.episode());
      assertEquals(100 + k, v.seed());
      assertEquals("seed " + (100 + k), v.instruction());
      // seeds 100..106 succeed at step 1; 107, 108 fail after the horizon of 4 steps
      boolean success = (100 + k) % 10 < 7;
      assertEquals(success, v.success());
      int length = success ? 1 : CoinSimulator.HORIZON;
      // the reset frame (0 steps), then one per step; the last one before the auto-reset
      assertEquals(length + 1, v.frames().size(), "episode " + k);
      for (int s = 0; s <= length; s++) {
        assertEquals(s, v.frames().get(s)[0], "episode " + k + " frame " + s);
      }
    }
    // episodes 0..2 ran on sub-envs 0..2; the same sub-env keeps one episode per video
    assertEquals(List.of(0, 1, 2), videos.subList(0, 3).stream().map(v -> (int) v.frames().get(0)[1]).toList());
    assertEquals(12, r.report().tasks().get(0).episodes());
    // seeds 100..111: residues 0..9 then 0, 1 -> 7 + 2 = 9 successes
    assertEquals(9, r.report().tasks().get(0).successes());
  }

  @Test
  void recordingDoesNotChangeTheReport() {
    ScriptedPolicy p = new ScriptedPolicy(7, 1);
    SuitePlan plan = new SuitePlan("coin", false, 0, List.of(), Map.of(),
        List.of(new RecordedCoinTask(12, 3)));
    String with = ReportJson.text(SuiteEvaluator.run("coin", plan, ScriptedSuiteTest.checkpointed(p), 0, 5, null).report());
    String without = ReportJson.text(SuiteEvaluator.run("coin", plan, ScriptedSuiteTest.checkpointed(p), 0, 0, null).report());
    assertEquals(without, with);
    assertEquals(0, SuiteEvaluator.run("coin", plan, ScriptedSuiteTest.checkpointed(p), 0, 0, null).videos().size());
  }
}
