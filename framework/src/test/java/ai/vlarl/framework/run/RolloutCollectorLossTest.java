package ai.vlarl.framework.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.EnvServerLost;
import ai.vlarl.framework.env.ForwardingVectorEnv;
import ai.vlarl.framework.env.LineSimulator;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.policy.ActionTokenizer;
import ai.vlarl.framework.policy.Evaluation;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.policy.PolicyStep;
import ai.vlarl.framework.policy.UniformLevels;
import ai.vlarl.framework.rl.Rollout;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rollout interrupted by a lost env server is discarded and collected again, never mixed. */
class RolloutCollectorLossTest {

  /** Line env (2 sub-envs) whose server is "lost" at the given step calls (1-based). */
  static final class LosingEnv extends ForwardingVectorEnv {
    final List<Integer> loseAt;
    final List<String> calls = new ArrayList<>();
    int stepCalls;
    int episodesSinceReset;
    int episodesBeforeLastReset;

    LosingEnv(List<Integer> loseAt) {
      super(new AutoResetVectorEnv(new LineSimulator(2), true, false));
      this.loseAt = loseAt;
    }

    @Override
    public Observations reset(long[] seeds, int[] envIdx) {
      calls.add("reset");
      episodesBeforeLastReset = episodesSinceReset;
      episodesSinceReset = 0;
      return env.reset(seeds, envIdx);
    }

    @Override
    public StepResult step(HostArray actions) {
      stepCalls++;
      if (loseAt.contains(stepCalls)) {
        calls.add("lost");
        throw new EnvServerLost("server gone");
      }
      calls.add("step");
      StepResult r = env.step(actions);
      episodesSinceReset += r.doneEnvs().length;
      return r;
    }
  }

  /** Always pushes right at full speed (action 1, token 1 of 2 levels). */
  static final class RightPolicy implements Policy {
    @Override
    public int chunk() {
      return 1;
    }

    @Override
    public int actionDim() {
      return 1;
    }

    @Override
    public ActionTokenizer tokenizer() {
      return new UniformLevels(2);
    }

    @Override
    public PolicyStep act(Observations obs, boolean greedy, Rng rng) {
      int n = obs.size();
      float[] ones = new float[n];
      java.util.Arrays.fill(ones, 1f);
      int[] tokens = new int[n];
      java.util.Arrays.fill(tokens, 1);
      return new PolicyStep(HostArray.ofFloats(ones, n, 1, 1), HostArray.ofInts(tokens, n, 1, 1),
          HostArray.allocate(ai.vlarl.framework.core.DType.FLOAT32, n, 1, 1), new float[n]);
    }

    @Override
    public float[] value(Observations obs) {
      return new float[obs.size()];
    }

    @Override
    public Evaluation evaluate(NDManager manager, Observations obs, HostArray tokens) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PairList<String, Parameter> parameters() {
      return new PairList<>();
    }

    @Override
    public void saveParameters(DataOutputStream out) {}

    @Override
    public void loadParameters(DataInputStream in) {}

    @Override
    public void close() {}
  }

  @Test
  void aLossDiscardsThePartialRolloutAndCollectsAgainFromAReset() {
    LosingEnv env = new LosingEnv(List.of(6));
    Observations start = env.reset(new long[] {0, 0});
    RolloutCollector c = new RolloutCollector(env, new RightPolicy(), start);
    Rollout rollout = new Rollout(6, 2, 1, 1);
    EpisodeTally tally = new EpisodeTally(env.spec().tasks());
    long steps = c.collect(rollout, new Rng(1), tally);

    // 5 steps (both sub-envs start at x = 0 and succeed at the 4th push of +0.25), the loss, a
    // reset, then the whole rollout of 6 steps again
    assertEquals(List.of("reset", "step", "step", "step", "step", "step", "lost", "reset",
        "step", "step", "step", "step", "step", "step"), env.calls);
    assertEquals(2, env.episodesBeforeLastReset, "the discarded part finished 2 episodes");
    assertEquals(12, steps, "6 decisions x 2 sub-envs, none of the discarded ones");
    assertEquals(12, rollout.size(), "rows of the restarted collection only (6 x 2)");
    assertTrue(rollout.full());
    // only the episodes that ended after the restart are counted
    assertTrue(env.episodesSinceReset > 0);
    assertEquals(env.episodesSinceReset, tally.episodes());
    assertEquals(env.observe(), c.current());
  }

  @Test
  void repeatedLossesGiveUp() {
    LosingEnv env = new LosingEnv(List.of(1, 2, 3, 4));
    RolloutCollector c = new RolloutCollector(env, new RightPolicy(), env.reset(new long[] {0, 0}));
    Rollout rollout = new Rollout(4, 2, 1, 1);
    assertThrows(EnvServerLost.class,
        () -> c.collect(rollout, new Rng(1), new EpisodeTally(env.spec().tasks())));
    assertEquals(1 + RolloutCollector.MAX_ENV_LOSSES, env.stepCalls);
    assertArrayEquals(new String[] {"reset", "lost", "reset", "lost", "reset", "lost", "reset", "lost"},
        env.calls.toArray(String[]::new));
  }
}
