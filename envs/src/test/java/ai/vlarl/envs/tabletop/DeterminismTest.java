package ai.vlarl.envs.tabletop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import org.junit.jupiter.api.Test;

class DeterminismTest {
  private static AutoResetVectorEnv env(int n) {
    return new AutoResetVectorEnv(new TabletopSimulator(Fixtures.config(), n), true, false);
  }

  @Test
  void sameSeedsGiveIdenticalRunsBitForBit() {
    int n = 6;
    AutoResetVectorEnv a = env(n);
    AutoResetVectorEnv b = env(n);
    assertEquals(a.reset(Fixtures.seeds(n, 42)), b.reset(Fixtures.seeds(n, 42)));
    Rng rng = new Rng(5);
    int episodes = 0;
    for (int t = 0; t < 60; t++) {
      HostArray actions = Fixtures.randomActions(rng, n, 1 + t % 4);
      StepResult ra = a.step(actions);
      StepResult rb = b.step(actions);
      assertEquals(ra.observations(), rb.observations(), "step " + t);
      assertArrayEquals(ra.reward(), rb.reward());
      assertArrayEquals(ra.doneEnvs(), rb.doneEnvs());
      assertArrayEquals(ra.episodes(), rb.episodes());
      if (ra.finalObservations() != null) {
        assertEquals(ra.finalObservations(), rb.finalObservations());
      }
      episodes += ra.doneEnvs().length;
    }
    assertTrue(episodes > 0, "the run crossed auto-resets");
  }

  @Test
  void aSubEnvsEpisodeDoesNotDependOnNOrItsNeighbours() {
    long seed = 777;
    TabletopSimulator aloneSim = new TabletopSimulator(Fixtures.config(), 1);
    AutoResetVectorEnv alone = new AutoResetVectorEnv(aloneSim, true, false);
    // 19 sub-envs, ours at 11: inside a SIMD block of the vectorized ops, not in a scalar tail
    int n = 19;
    int at = 11;
    AutoResetVectorEnv crowd = env(n);
    long[] seeds = Fixtures.seeds(n, 1);
    seeds[at] = seed;
    Observations o1 = alone.reset(new long[] {seed});
    Observations many = crowd.reset(seeds);
    assertEquals(o1, many.gather(new int[] {at}));
    Rng rng = new Rng(9);
    int resets = 0;
    for (int t = 0; t < 120; t++) {
      // ours follows the expert (grasps, pushes, contacts, successes), the others act randomly
      float[] mixed = Fixtures.randomActions(rng, n, 1).toFloatArray();
      System.arraycopy(ScriptedExpert.actions(aloneSim), 0, mixed, 4 * at, 4);
      HostArray actions = HostArray.ofFloats(mixed, n, 1, 4);
      StepResult r1 = alone.step(actions.gather(new int[] {at}));
      StepResult rn = crowd.step(actions);
      assertEquals(r1.observations(), rn.observations().gather(new int[] {at}), "step " + t);
      assertEquals(Float.floatToRawIntBits(r1.reward()[0]), Float.floatToRawIntBits(rn.reward()[at]));
      assertEquals(r1.done(0), rn.done(at));
      resets += r1.done(0) ? 1 : 0;
    }
    assertTrue(resets >= 3, "the run crossed auto-resets: " + resets);
  }

  @Test
  void theSameSeedDrawsTheSameEpisodeAndSeedsVaryEpisodes() {
    TabletopSimulator sim = new TabletopSimulator(Fixtures.config(), 2);
    sim.reset(new int[] {0, 1}, new long[] {31, 31});
    Episode a = sim.episode(0);
    Episode b = sim.episode(1);
    assertEquals(a.instruction(), b.instruction());
    assertArrayEquals(a.blocks(), b.blocks());
    assertArrayEquals(a.blockColors(), b.blockColors());
    java.util.Set<String> tasks = new java.util.HashSet<>();
    java.util.Set<Palette> targets = new java.util.HashSet<>();
    for (long s = 0; s < 60; s++) {
      sim.reset(new int[] {0}, new long[] {s});
      tasks.add(sim.episode(0).task().name());
      targets.add(sim.episode(0).targetColor());
    }
    assertEquals(3, tasks.size(), "mixed tasks drawn from seeds");
    assertEquals(Palette.size(), targets.size(), "target colors vary with the seed");
  }
}
