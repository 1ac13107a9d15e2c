package ai.vlarl.framework.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.EnvServerLost;
import ai.vlarl.framework.env.ForwardingVectorEnv;
import ai.vlarl.framework.env.LineSimulator;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.rl.Rollout;
import ai.vlarl.framework.run.EpisodeTally;
import ai.vlarl.framework.run.RolloutCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Pipelined collection: the same rollouts as the sequential loop, and the overlap it promises. */
class PipelinedRolloutTest {
  static final int N = 8;
  static final long[] SEEDS = {3, 1, 4, 1, 5, 9, 2, 6};

  /** An env that sleeps {@code nanosPerRow} per sub-env and step before stepping (simulator cost). */
  static final class Slow extends ForwardingVectorEnv {
    final long nanosPerRow;
    final List<Integer> loseAt;
    int steps;

    Slow(VectorEnv env, long nanosPerRow, List<Integer> loseAt) {
      super(env);
      this.nanosPerRow = nanosPerRow;
      this.loseAt = loseAt;
    }

    @Override
    public StepResult step(HostArray actions) {
      if (loseAt.contains(++steps)) {
        throw new EnvServerLost("stage server gone");
      }
      long ns = nanosPerRow * spec().numEnvs();
      try {
        Thread.sleep(ns / 1_000_000, (int) (ns % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return env.step(actions);
    }
  }

  /**
   * An env whose {@link #release} overwrites the result's observations and final observations with
   * NaN, as pooled memory is overwritten by a later reply: whoever reads a released result sees it.
   */
  static final class Poisoning extends ForwardingVectorEnv {
    int released;

    Poisoning(VectorEnv env) {
      super(env);
    }

    @Override
    public void release(StepResult r) {
      released++;
      for (Observations o : new Observations[] {r.observations(), r.finalObservations()}) {
        if (o != null) {
          java.nio.FloatBuffer f = o.state().floats();
          while (f.hasRemaining()) {
            f.put(Float.NaN);
          }
        }
      }
    }
  }

  static VectorEnv line(int n) {
    return new AutoResetVectorEnv(new LineSimulator(n), true, false);
  }

  /** k = 1: the plain env; k > 1: k line envs of N/k sub-envs. */
  static VectorEnv env(int k, long simNanosPerRow) {
    if (k == 1) {
      return new Slow(line(N), simNanosPerRow, List.of());
    }
    List<VectorEnv> stages = new ArrayList<>();
    for (int s = 0; s < k; s++) {
      stages.add(new Slow(line(N / k), simNanosPerRow, List.of()));
    }
    return new StagedVectorEnv(stages, List.of());
  }

  /** Everything a rollout holds, as comparable lists. */
  static List<Object> contents(Rollout r) {
    List<Object> c = new ArrayList<>();
    c.add(r.observations().gather(StepMerge.rows(0, r.size())));
    c.add(r.tokens());
    c.add(r.tokenLogProb());
    for (int t = 0; t < r.steps(); t++) {
      c.add(java.util.Arrays.toString(r.values()[t]));
      c.add(java.util.Arrays.toString(r.rewards()[t]));
      c.add(java.util.Arrays.toString(r.nextValues()[t]));
      c.add(java.util.Arrays.toString(r.dones()[t]));
      c.add(java.util.Arrays.toString(r.terminated()[t]));
    }
    return c;
  }

  /** Three iterations of 7 decisions: contents, tallies, the final observations and rng state. */
  static List<Object> run(int k) {
    return run(env(k, 0));
  }

  static List<Object> run(VectorEnv e) {
    try (VectorEnv env = e) {
      RolloutCollector c = new RolloutCollector(env, new SamplingLinePolicy(0), env.reset(SEEDS));
      Rollout rollout = new Rollout(7, N, 1, 1);
      Rng rng = new Rng(42);
      List<Object> out = new ArrayList<>();
      for (int it = 0; it < 3; it++) {
        EpisodeTally tally = new EpisodeTally(env.spec().tasks());
        out.add(c.collect(rollout, rng, tally));
        out.addAll(contents(rollout));
        out.add(tally.metrics("train/").toString());
      }
      out.add(c.current());
      out.add(rng.state());
      return out;
    }
  }

  @Test
  void pipelinedRolloutsEqualSequentialOnesBitForBit() {
    List<Object> sequential = run(1);
    // 7 decisions x 8 sub-envs per iteration; horizon 5 and successes make episodes end mid-rollout
    assertEquals(56L, sequential.get(0));
    assertTrue(sequential.toString().contains("true"), "some episodes ended");
    assertEquals(sequential, run(2));
    assertEquals(sequential, run(4));
    assertEquals(sequential, run(8));
  }

  @Test
  void theCollectorNeverReadsAResultItReleased() {
    Poisoning poisoning = new Poisoning(line(N));
    List<Object> poisoned = run(poisoning);
    assertTrue(!poisoned.toString().contains("NaN"), "no poisoned value reached the rollout");
    assertEquals(run(1), poisoned);
    // 3 collections of 7 steps; each result is released when the next decision is stored, the
    // last one's at the next collection's start (the final one stays current)
    assertEquals(3 * 7 - 1, poisoning.released);
  }

  @Test
  void aStagedEnvReleasesItsStagesResultsOnceMerged() {
    Poisoning s0 = new Poisoning(line(N / 2));
    Poisoning s1 = new Poisoning(line(N / 2));
    try (VectorEnv staged = new StagedVectorEnv(List.of(s0, s1), List.of()); VectorEnv plain = line(N)) {
      staged.reset(SEEDS);
      plain.reset(SEEDS);
      float[] a = {1, 1, 1, 1, 1, 1, 1, 1};
      for (int t = 0; t < 6; t++) {
        StepResult p = plain.step(HostArray.ofFloats(a, N, 1, 1));
        StepResult s = staged.step(HostArray.ofFloats(a, N, 1, 1));
        assertEquals(p.observations(), staged.observe()); // released parts are read by no one
        assertEquals(p.observations(), s.observations(), "step " + t);
        assertEquals(p.finalObservations(), s.finalObservations(), "step " + t);
      }
    }
    assertEquals(6, s0.released);
    assertEquals(6, s1.released);
  }

  @Test
  void theSimulatorOfOneStageStepsWhileThePolicyInfersAnother() {
    // The policy is asked for the stages in row order, so stage 0's j-th step (j = 1, 2, ...) acts
    // on act call 2j - 1 and stage 1's decision beside it is call 2j. Stage 0's env does not finish
    // its j-th step until call 2j has begun: that happens only when the rollout infers one stage
    // while the other steps. A rollout that steps and infers in turn would leave every such step
    // waiting out its 5 s.
    SamplingLinePolicy policy = new SamplingLinePolicy(0);
    AtomicInteger overlapped = new AtomicInteger();
    AtomicInteger waitedOut = new AtomicInteger();
    VectorEnv stage0 = new ForwardingVectorEnv(line(N / 2)) {
      int steps;

      @Override
      public StepResult step(HostArray actions) {
        int stage1Call = 2 * ++steps;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (policy.actCalls < stage1Call && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        (policy.actCalls >= stage1Call ? overlapped : waitedOut).incrementAndGet();
        return env.step(actions);
      }
    };
    try (VectorEnv env = new StagedVectorEnv(List.of(stage0, line(N / 2)), List.of())) {
      RolloutCollector c = new RolloutCollector(env, policy, env.reset(SEEDS));
      c.collect(new Rollout(20, N, 1, 1), new Rng(1), new EpisodeTally(env.spec().tasks()));
    }
    assertEquals(0, waitedOut.get(), "steps of stage 0 during which nothing was inferred");
    assertEquals(20, overlapped.get());
  }

  @Test
  void aSequentialRolloutIsIdleForAllItsEnvTime() {
    // 1 ms per row for the simulator and for inference, 8 rows: one stage steps and infers in turn,
    // so the rollout waits for every sim step (time/idle = time/env, both at least 20 x 8 ms)
    try (VectorEnv env = env(1, 1_000_000)) {
      Timings timings = new Timings();
      RolloutCollector c = new RolloutCollector(env, new SamplingLinePolicy(1_000_000), env.reset(SEEDS),
          timings);
      long t0 = System.nanoTime();
      c.collect(new Rollout(20, N, 1, 1), new Rng(1), new EpisodeTally(env.spec().tasks()));
      double wall = (System.nanoTime() - t0) / 1e9;
      Map<String, Double> times = timings.take(wall);
      assertTrue(wall >= 0.32, "20 decisions x (8 + 8) ms: " + wall);
      assertTrue(times.get("time/env") >= 0.16 && times.get("time/inference") >= 0.16, times.toString());
      assertEquals(times.get("time/env"), times.get("time/idle"), 1e-9);
    }
  }

  @Test
  void aLostStageServerDiscardsTheRolloutAndCollectsAgain() {
    Slow losing = new Slow(line(N / 2), 0, List.of(4));
    try (StagedVectorEnv env = new StagedVectorEnv(List.of(new Slow(line(N / 2), 0, List.of()), losing),
        List.of())) {
      RolloutCollector c = new RolloutCollector(env, new SamplingLinePolicy(0), env.reset(SEEDS));
      Rollout rollout = new Rollout(6, N, 1, 1);
      EpisodeTally tally = new EpisodeTally(env.spec().tasks());
      long steps = c.collect(rollout, new Rng(5), tally);
      // stage 1 fails on its 4th step: the rollout restarts from a reset and runs 6 whole decisions
      assertEquals(6 * N, steps);
      assertTrue(rollout.full());
      assertEquals(4 + 6, losing.steps, "3 steps, the lost one, then 6 after the restart");
      assertEquals(env.observe(), c.current());
    }
  }

  @Test
  void stagedStateRoundTripsAndRefusesAnotherStageCount() {
    try (StagedVectorEnv a = new StagedVectorEnv(List.of(line(4), line(4)), List.of());
        StagedVectorEnv b = new StagedVectorEnv(List.of(line(4), line(4)), List.of());
        StagedVectorEnv four = new StagedVectorEnv(List.of(line(2), line(2), line(2), line(2)), List.of());
        StagedVectorEnv slow = (StagedVectorEnv) env(2, 0)) {
      assertTrue(!slow.canSnapshot(), "a stage that cannot save its state");
      a.reset(SEEDS);
      a.step(HostArray.ofFloats(new float[] {1, 1, 1, 1, -1, -1, -1, -1}, N, 1, 1));
      assertTrue(a.canSnapshot());
      b.loadState(a.saveState());
      assertEquals(a.observe(), b.observe());
      StepResult ra = a.step(HostArray.ofFloats(new float[N], N, 1, 1));
      StepResult rb = b.step(HostArray.ofFloats(new float[N], N, 1, 1));
      assertArrayEquals(ra.reward(), rb.reward());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> four.loadState(a.saveState()));
      assertTrue(e.getMessage().contains("2 pipeline stage(s), this env 4"), e.getMessage());
    }
  }

  @Test
  void stagedEnvMapsSubEnvIndicesToItsStages() {
    try (VectorEnv staged = env(4, 0); VectorEnv plain = line(N)) {
      staged.reset(SEEDS);
      plain.reset(SEEDS);
      // reset sub-envs 1 and 6 (stages 0 and 3) with seed 4: x = 0.4
      assertEquals(plain.reset(new long[] {4, 4}, new int[] {6, 1}), staged.reset(new long[] {4, 4}, new int[] {6, 1}));
      float[] a = {1, 1, 1, 1, 1, 1, 1, 1};
      StepResult p = plain.step(HostArray.ofFloats(a, N, 1, 1));
      StepResult s = staged.step(HostArray.ofFloats(a, N, 1, 1));
      assertArrayEquals(p.doneEnvs(), s.doneEnvs());
      assertEquals(p.observations(), s.observations());
      assertEquals(p.finalObservations(), s.finalObservations());
      assertEquals(List.of(p.episodes()), List.of(s.episodes()));
    }
  }
}
