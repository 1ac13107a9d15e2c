package ai.vlarl.envs.tabletop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.EpisodeStats;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoResetTest {
  /** The wrapped env against a bare twin driven with the same actions. */
  @Test
  void finishedSubEnvsReportFinalObservationStatsAndAFreshReset() {
    int n = 4;
    TabletopConfig cfg = Fixtures.config("tasks", List.of("reach", "pick-place"));
    TabletopSimulator sim = new TabletopSimulator(cfg, n);
    TabletopSimulator twin = new TabletopSimulator(cfg, n);
    AutoResetVectorEnv env = new AutoResetVectorEnv(sim, true, false);
    long[] seeds = Fixtures.seeds(n, 10);
    env.reset(seeds);
    twin.reset(Fixtures.range(n), seeds);
    double[] returns = new double[n];
    int[] lengths = new int[n];
    int finished = 0;
    for (int t = 0; t < 120; t++) {
      float[] a = ScriptedExpert.actions(sim);
      StepResult r = env.step(HostArray.ofFloats(a, n, 1, 4));
      boolean[] success = new boolean[n];
      float[] reward = Fixtures.simStep(twin, a, success);
      for (int i = 0; i < n; i++) {
        returns[i] += reward[i];
        lengths[i]++;
      }
      for (int k = 0; k < r.doneEnvs().length; k++) {
        int i = r.doneEnvs()[k];
        EpisodeStats e = r.episodes()[k];
        assertEquals(twin.observe(new int[] {i}), r.finalObservations().gather(new int[] {k}),
            "final observation = the finished state");
        assertEquals(i, e.env());
        assertEquals(lengths[i], e.length());
        assertEquals(returns[i], e.episodeReturn(), 1e-9);
        assertTrue(e.successOnce() && e.successAtEnd() && e.terminated() && !e.truncated());
        assertTrue(r.terminated()[i] && r.success()[i]);
        assertEquals(twin.task(i), e.task(), "task of the finished episode");
        long next = AutoResetVectorEnv.nextSeed(seeds[i]);
        assertEquals(next, sim.episode(i).seed());
        TabletopSimulator fresh = new TabletopSimulator(cfg, 1);
        fresh.reset(new int[] {0}, new long[] {next});
        assertEquals(fresh.observe(), r.observations().gather(new int[] {i}), "fresh reset");
        twin.reset(new int[] {i}, new long[] {next});
        seeds[i] = next;
        returns[i] = 0;
        lengths[i] = 0;
        finished++;
      }
    }
    assertTrue(finished >= 8, "episodes finished: " + finished);
  }

  @Test
  void partialResetLeavesOtherSubEnvsUntouched() {
    int n = 4;
    AutoResetVectorEnv env = new AutoResetVectorEnv(new TabletopSimulator(Fixtures.config(), n), true, false);
    AutoResetVectorEnv twin = new AutoResetVectorEnv(new TabletopSimulator(Fixtures.config(), n), true, false);
    env.reset(Fixtures.seeds(n, 0));
    twin.reset(Fixtures.seeds(n, 0));
    Rng rng = new Rng(1);
    for (int t = 0; t < 3; t++) {
      HostArray a = Fixtures.randomActions(rng, n, 1);
      env.step(a);
      twin.step(a);
    }
    Observations before = env.observe();
    Observations after = env.reset(new long[] {100, 101}, new int[] {1, 3});
    int[] kept = {0, 2};
    assertEquals(before.gather(kept), after.gather(kept));
    AutoResetVectorEnv fresh = new AutoResetVectorEnv(new TabletopSimulator(Fixtures.config(), 2), true, false);
    assertEquals(fresh.reset(new long[] {100, 101}), after.gather(new int[] {1, 3}));
    assertNotEquals(before.gather(new int[] {1}), after.gather(new int[] {1}));
    for (int t = 0; t < 5; t++) { // kept sub-envs continue exactly as in the twin
      HostArray a = Fixtures.randomActions(rng, n, 1);
      assertEquals(twin.step(a).observations().gather(kept), env.step(a).observations().gather(kept));
    }
  }

  @Test
  void episodesTruncateAtTheHorizonAndAChunkStopsWhereItsEpisodeEnds() {
    // horizons: reach 50 → 5, pick-place 100 → 10
    int n = 8;
    TabletopConfig cfg =
        Fixtures.config("tasks", List.of("reach", "pick-place"), "horizon_scale", 0.1);
    TabletopSimulator sim = new TabletopSimulator(cfg, n);
    TabletopSimulator twin = new TabletopSimulator(cfg, n);
    AutoResetVectorEnv env = new AutoResetVectorEnv(sim, true, false);
    env.reset(Fixtures.seeds(n, 0));
    twin.reset(Fixtures.range(n), Fixtures.seeds(n, 0));
    float[] up = new float[n * 8 * 4]; // straight up: never succeeds
    for (int i = 2; i < up.length; i += 4) {
      up[i] = 1;
    }
    HostArray chunk = HostArray.ofFloats(up, n, 8, 4);
    StepResult first = env.step(chunk);
    float[] oneStep = new float[n * 4];
    for (int i = 2; i < oneStep.length; i += 4) {
      oneStep[i] = 1;
    }
    for (int t = 0; t < 5; t++) {
      Fixtures.simStep(twin, oneStep, new boolean[n]);
    }
    int reach = 0;
    for (int k = 0; k < first.doneEnvs().length; k++) {
      int i = first.doneEnvs()[k];
      EpisodeStats e = first.episodes()[k];
      assertEquals("reach", cfg.tasks().get(e.task()));
      assertEquals(5, first.steps()[i], "the chunk stopped at the horizon");
      assertEquals(5, e.length());
      assertTrue(e.truncated() && !e.terminated() && !e.successOnce() && !e.successAtEnd());
      assertTrue(first.truncated()[i] && !first.terminated()[i]);
      assertEquals(twin.observe(new int[] {i}), first.finalObservations().gather(new int[] {k}));
      reach++;
    }
    for (int i = 0; i < n; i++) {
      if (!first.done(i)) {
        assertEquals("pick-place", cfg.tasks().get(twin.task(i)));
        assertEquals(8, first.steps()[i], "running sub-envs execute the whole chunk");
      }
    }
    assertTrue(reach > 0 && reach < n, "a mix of tasks: " + reach + " reach episodes");
  }

  @Test
  void successTerminatesUnlessEvaluationIgnoresTerminations() {
    TabletopConfig cfg =
        Fixtures.config("tasks", List.of("reach"), "eval_ignore_terminations", true);
    int n = 3;
    for (EnvFactory.Purpose purpose : EnvFactory.Purpose.values()) {
      VectorEnv env = new TabletopEnvFactory().create(cfg, purpose, n);
      env.reset(Fixtures.seeds(n, 5));
      TabletopSimulator expertView = new TabletopSimulator(cfg, n);
      expertView.reset(Fixtures.range(n), Fixtures.seeds(n, 5));
      StepResult r = null;
      int t = 0;
      do { // drive the env with the expert computed on a twin simulator
        float[] a = ScriptedExpert.actions(expertView);
        r = env.step(HostArray.ofFloats(a, n, 1, 4));
        Fixtures.simStep(expertView, a, new boolean[n]);
        t++;
      } while (r.doneEnvs().length == 0);
      EpisodeStats e = r.episodes()[0];
      assertTrue(e.successOnce());
      if (purpose == EnvFactory.Purpose.TRAIN) {
        assertTrue(e.terminated() && !e.truncated() && e.length() < 50);
      } else {
        assertEquals(50, t);
        assertTrue(e.truncated() && !e.terminated() && e.successAtEnd() && e.length() == 50);
      }
      env.close();
    }
  }

  @Test
  void badActionsAreRejectedWithClearMessages() {
    VectorEnv env = new TabletopEnvFactory().create(Fixtures.config("max_chunk", 4), EnvFactory.Purpose.TRAIN, 2);
    env.reset(Fixtures.seeds(2, 0));
    assertMessage(env, HostArray.ofFloats(new float[8], 2, 4), "shape [2, 4]");
    assertMessage(env, HostArray.ofFloats(new float[2 * 5 * 4], 2, 5, 4), "1 <= chunk <= 4");
    assertMessage(env, HostArray.ofFloats(new float[2 * 3], 2, 1, 3), "[2, chunk, 4]");
    float[] nan = new float[8];
    nan[6] = Float.NaN;
    assertMessage(env, HostArray.ofFloats(nan, 2, 1, 4), "sub-env 1, chunk step 0, dim 2 (dz) is NaN");
    float[] big = new float[8];
    big[3] = 1.5f;
    assertMessage(env, HostArray.ofFloats(big, 2, 1, 4), "dim 3 (gripper) is 1.5, outside [-1, 1]");
    assertMessage(env, HostArray.ofInts(new int[8], 2, 1, 4), "float32");
    assertFalse(env.step(HostArray.ofFloats(new float[8], 2, 1, 4)).done(0), "still usable");
  }

  private static void assertMessage(VectorEnv env, HostArray actions, String part) {
    var e = org.junit.jupiter.api.Assertions.assertThrows(
        ai.vlarl.framework.core.UserException.class, () -> env.step(actions));
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
