package ai.vlarl.framework.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.LineSimulator;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.ActionTokenizer;
import ai.vlarl.framework.policy.Evaluation;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.policy.PolicyStep;
import ai.vlarl.framework.policy.UniformLevels;
import ai.vlarl.framework.runtime.Timings;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which weights act in each rollout: in place, through the versioned copy, and one step off.
 * The policy's value is its one weight w, so a rollout's stored values say which version acted.
 */
class RolloutActorTest {

  /** Stays put (token 1 of 3); value = w; counts act calls and can signal the first one. */
  static final class WeightPolicy implements Policy {
    float w;
    volatile CountDownLatch acting;

    @Override
    public PolicyStep act(Observations obs, boolean greedy, Rng rng) {
      CountDownLatch l = acting;
      if (l != null) {
        l.countDown();
      }
      int n = obs.size();
      rng.nextDouble(); // draws like a sampler
      return new PolicyStep(HostArray.ofFloats(new float[n], n, 1, 1), HostArray.ofInts(new int[n], n, 1, 1),
          HostArray.ofFloats(new float[n], n, 1, 1), value(obs));
    }

    @Override
    public float[] value(Observations obs) {
      float[] v = new float[obs.size()];
      java.util.Arrays.fill(v, w);
      return v;
    }

    @Override
    public void saveParameters(DataOutputStream out) throws IOException {
      out.writeFloat(w);
    }

    @Override
    public void loadParameters(DataInputStream in) throws IOException {
      w = in.readFloat();
    }

    @Override public int chunk() { return 1; }
    @Override public int actionDim() { return 1; }
    @Override public ActionTokenizer tokenizer() { return new UniformLevels(3); }
    @Override public Evaluation evaluate(NDManager m, Observations obs, HostArray t) { throw new UnsupportedOperationException(); }
    @Override public PairList<String, Parameter> parameters() { return new PairList<>(); }
    @Override public void close() {}
  }

  private static AutoResetVectorEnv env() {
    AutoResetVectorEnv env = new AutoResetVectorEnv(new LineSimulator(2), true, false);
    env.reset(new long[] {0, 1});
    return env;
  }

  /** Runs 4 iterations; "training" sets w = 10 (t + 1) after rollout t; returns each rollout's acting w. */
  private static float[] actingWeights(Policy copy, boolean async, WeightPolicy learner) {
    float[] acted = new float[4];
    Timings timings = new Timings();
    try (AutoResetVectorEnv env = env();
        RolloutActor actor = new RolloutActor(env, learner, copy, async, 3, 0, new Rng(1), timings)) {
      for (int t = 0; t < 4; t++) {
        RolloutActor.Collected c = actor.take();
        if (t < 3) {
          actor.prefetch();
        }
        acted[t] = c.rollout().values()[0][0];
        assertEquals(6, c.envSteps()); // 3 decisions x 2 sub-envs
        learner.w = 10 * (t + 1);
        actor.publish();
        assertEquals(copy == null ? 0 : t + 1, actor.learnerVersion());
      }
      assertTrue(timings.take(1).get("time/env") > 0, "the actor's env time reaches the iteration's timings");
    }
    return acted;
  }

  @Test
  void synchronousActorsUseTheLatestWeights() {
    // in place: the learner's own weights; the copy: refreshed to the latest version before each rollout
    assertEquals("[0.0, 10.0, 20.0, 30.0]", java.util.Arrays.toString(actingWeights(null, false, new WeightPolicy())));
    assertEquals("[0.0, 10.0, 20.0, 30.0]",
        java.util.Arrays.toString(actingWeights(new WeightPolicy(), false, new WeightPolicy())));
  }

  @Test
  void theAsyncActorIsOneStepOff() {
    // rollouts 0 and 1 act with version 0 (w = 0): rollout 1 starts before update 0; rollout t >= 1
    // acts with version t - 1, the weights after update t - 2 (w = 10 (t - 1))
    assertEquals("[0.0, 0.0, 10.0, 20.0]",
        java.util.Arrays.toString(actingWeights(new WeightPolicy(), true, new WeightPolicy())));
  }

  @Test
  void theAsyncActorCollectsWhileTheLearnerTrains() throws Exception {
    WeightPolicy learner = new WeightPolicy();
    WeightPolicy copy = new WeightPolicy();
    try (AutoResetVectorEnv env = env();
        RolloutActor actor = new RolloutActor(env, learner, copy, true, 3, 0, new Rng(1), new Timings())) {
      actor.take();
      CountDownLatch acting = new CountDownLatch(1);
      copy.acting = acting;
      actor.prefetch();
      // the "update" of rollout 0 waits until the actor acts for rollout 1: without overlap this times out
      assertTrue(acting.await(10, TimeUnit.SECONDS), "the actor collected during the update");
      actor.quiesce();
      RolloutActor.Collected next = actor.take();
      assertEquals(0, next.weightsVersion());
      assertEquals(6, next.envSteps());
    }
  }
}
