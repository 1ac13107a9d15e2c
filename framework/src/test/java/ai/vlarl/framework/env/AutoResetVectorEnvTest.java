package ai.vlarl.framework.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.UserException;
import org.junit.jupiter.api.Test;

class AutoResetVectorEnvTest {

  /** Actions [2, chunk, 1]: env 0 moves right at full speed, env 1 stands still. */
  private static HostArray actions(int chunk) {
    float[] a = new float[2 * chunk];
    for (int j = 0; j < chunk; j++) {
      a[j] = 1f;
    }
    return HostArray.ofFloats(a, 2, chunk, 1);
  }

  @Test
  void sameStepAutoResetReturnsFinalObservationAndMetrics() {
    LineSimulator sim = new LineSimulator(2);
    AutoResetVectorEnv env = new AutoResetVectorEnv(sim, true, false);
    // seed 0 -> x = 0.0; seed 3 -> x = 0.3
    Observations first = env.reset(new long[] {0, 3});
    assertArrayEquals(new float[] {0f, 0.3f}, first.state().toFloatArray());

    // chunk 1 (3 sub-steps): env 0 at 0.25, 0.5, 0.75; env 1 stays at 0.3
    StepResult r1 = env.step(actions(3));
    assertEquals(0, r1.doneEnvs().length);
    assertArrayEquals(new int[] {3, 3}, r1.steps());
    assertArrayEquals(new float[] {0.75f, 0.3f}, r1.observations().state().toFloatArray());

    // chunk 2: env 0 reaches 1.0 (>= 0.8) at its 1st sub-step -> terminated, rest of chunk skipped;
    // env 1 hits the horizon (5 steps) at its 2nd sub-step -> truncated
    StepResult r2 = env.step(actions(3));
    assertTrue(r2.terminated()[0]);
    assertFalse(r2.truncated()[0]);
    assertTrue(r2.truncated()[1]);
    assertFalse(r2.terminated()[1]);
    assertArrayEquals(new int[] {1, 2}, r2.steps());
    assertArrayEquals(new float[] {1f, 0f}, r2.reward());
    assertArrayEquals(new int[] {0, 1}, r2.doneEnvs());
    assertArrayEquals(new float[] {1f, 0.3f}, r2.finalObservations().state().toFloatArray());

    EpisodeStats e0 = r2.episodes()[0];
    assertTrue(e0.successOnce() && e0.successAtEnd() && e0.terminated());
    assertEquals(4, e0.length());
    assertEquals(1.0, e0.episodeReturn());
    EpisodeStats e1 = r2.episodes()[1];
    assertFalse(e1.successOnce() || e1.successAtEnd() || e1.terminated());
    assertEquals(5, e1.length());
    assertTrue(e1.truncated());

    // both were reset in the same step from seeds derived from their previous seeds
    float[] expected = {
      Math.floorMod(AutoResetVectorEnv.nextSeed(0), 5) / 10f,
      Math.floorMod(AutoResetVectorEnv.nextSeed(3), 5) / 10f
    };
    assertArrayEquals(expected, r2.observations().state().toFloatArray());
  }

  @Test
  void aStepObservesAllSubEnvsOnceAlsoWhenEpisodesEnd() {
    LineSimulator sim = new LineSimulator(2);
    AutoResetVectorEnv env = new AutoResetVectorEnv(sim, true, false);
    env.reset(new long[] {0, 3});
    assertEquals(1, sim.fullObservations);
    env.step(actions(3)); // no episode ends
    assertEquals(2, sim.fullObservations);
    StepResult r = env.step(actions(3)); // both end and are reset: final observations of 2 rows,
    assertEquals(2, r.doneEnvs().length); // then the observations of all after the resets, once
    assertEquals(3, sim.fullObservations);
  }

  @Test
  void subEnvsSteppedWithoutAResetGoOnToDifferentEpisodes() {
    AutoResetVectorEnv env = new AutoResetVectorEnv(new LineSimulator(2), true, false);
    StepResult r = null;
    for (int t = 0; t < LineSimulator.HORIZON; t++) { // no reset: both start at x = 0 and stand still
      r = env.step(HostArray.ofFloats(new float[2], 2, 1, 1));
    }
    assertArrayEquals(new int[] {0, 1}, r.doneEnvs(), "both truncated at the horizon");
    // sub-env i counted as started from seed i, so its next episode starts from nextSeed(i)
    float[] expected = {
      Math.floorMod(AutoResetVectorEnv.nextSeed(0), 5) / 10f,
      Math.floorMod(AutoResetVectorEnv.nextSeed(1), 5) / 10f
    };
    assertArrayEquals(expected, r.observations().state().toFloatArray());
  }

  @Test
  void partialResetTouchesOnlyTheGivenSubEnvs() {
    AutoResetVectorEnv env = new AutoResetVectorEnv(new LineSimulator(3), true, false);
    env.reset(new long[] {1, 1, 1});
    env.step(HostArray.ofFloats(new float[] {-1f, -1f, -1f}, 3, 1, 1));
    Observations o = env.reset(new long[] {4}, new int[] {1});
    assertArrayEquals(new float[] {-0.15f, 0.4f, -0.15f}, o.state().toFloatArray(), 1e-6f);
  }

  @Test
  void ignoringTerminationsRunsToTheHorizonAndReportsSuccessAtEnd() {
    AutoResetVectorEnv env = new AutoResetVectorEnv(new LineSimulator(2), true, true);
    env.reset(new long[] {4, 0}); // env 0 starts at 0.4: success after 2 steps, then backs off
    // 0.4 -> 0.65 -> 0.9 (success) -> 0.65 -> 0.4, then one more step at 0.4 (horizon 5)
    float[] a = {1, 1, -1, -1, /* env 1: */ 0, 0, 0, 0};
    StepResult first = env.step(HostArray.ofFloats(a, 2, 4, 1));
    assertEquals(0, first.doneEnvs().length);
    assertTrue(first.success()[0] == false);
    StepResult r = env.step(HostArray.ofFloats(new float[] {0, 0}, 2, 1, 1));
    assertArrayEquals(new int[] {0, 1}, r.doneEnvs());
    EpisodeStats e0 = r.episodes()[0];
    assertTrue(e0.successOnce());
    assertFalse(e0.successAtEnd()); // ended at 0.4
    assertTrue(e0.truncated());
  }

  @Test
  void badActionsAreRejectedWithTheCulpritNamed() {
    AutoResetVectorEnv env = new AutoResetVectorEnv(new LineSimulator(2), true, false);
    env.reset(new long[] {0, 0});
    UserException shape = assertThrows(UserException.class,
        () -> env.step(HostArray.ofFloats(new float[] {0, 0, 0}, 3, 1, 1)));
    assertTrue(shape.getMessage().contains("shape [3, 1, 1]"), shape.getMessage());
    UserException nan = assertThrows(UserException.class,
        () -> env.step(HostArray.ofFloats(new float[] {0, Float.NaN}, 2, 1, 1)));
    assertTrue(nan.getMessage().contains("sub-env 1") && nan.getMessage().contains("NaN"), nan.getMessage());
    UserException range = assertThrows(UserException.class,
        () -> env.step(HostArray.ofFloats(new float[] {1.5f, 0}, 2, 1, 1)));
    assertTrue(range.getMessage().contains("outside [-1, 1]") && range.getMessage().contains("(dx)"));
    UserException chunk = assertThrows(UserException.class,
        () -> env.step(HostArray.ofFloats(new float[10], 2, 5, 1)));
    assertTrue(chunk.getMessage().contains("chunk <= 4"), chunk.getMessage());
  }

  @Test
  void snapshotRestoresEpisodeBookkeepingAndSimulator() {
    AutoResetVectorEnv a = new AutoResetVectorEnv(new LineSimulator(2), true, false);
    a.reset(new long[] {0, 3});
    a.step(actions(2));
    byte[] snap = a.saveState();
    AutoResetVectorEnv b = new AutoResetVectorEnv(new LineSimulator(2), true, false);
    b.loadState(snap);
    for (int k = 0; k < 4; k++) {
      StepResult ra = a.step(actions(2));
      StepResult rb = b.step(actions(2));
      assertEquals(ra.observations(), rb.observations());
      assertArrayEquals(ra.doneEnvs(), rb.doneEnvs());
      assertArrayEquals(ra.episodes(), rb.episodes());
    }
  }
}
