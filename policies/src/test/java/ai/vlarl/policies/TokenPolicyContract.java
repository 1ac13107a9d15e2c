package ai.vlarl.policies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;
import ai.vlarl.framework.core.DType;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.Evaluation;
import ai.vlarl.framework.policy.PolicyStep;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link TokenPolicy} must have; subclasses supply the policy and inputs. */
public abstract class TokenPolicyContract {

  /** A fresh policy initialized from {@code seed}. */
  protected abstract TokenPolicy newPolicy(long seed);

  /** A fresh policy of a different configuration (different parameter shapes). */
  protected abstract TokenPolicy otherPolicy(long seed);

  /** Observations the policy accepts. */
  protected abstract Observations observations(int n, long seed);

  @Test
  void actReturnsTokensActionsAndValuesOfTheRightShapes() {
    try (TokenPolicy p = newPolicy(1)) {
      int n = 5;
      PolicyStep s = p.act(observations(n, 2), false, new Rng(3));
      int[] shape = {n, p.chunk(), p.actionDim()};
      assertArrayEquals(shape, s.actions().shape());
      assertArrayEquals(shape, s.tokens().shape());
      assertArrayEquals(shape, s.tokenLogProb().shape());
      assertEquals(DType.FLOAT32, s.actions().dtype());
      assertEquals(DType.INT32, s.tokens().dtype());
      assertEquals(n, s.value().length);
      int bins = p.tokenizer().bins();
      for (int i = 0; i < s.tokens().size(); i++) {
        int t = s.tokens().getInt(i);
        assertTrue(t >= 0 && t < bins, "token " + t);
        float a = s.actions().getFloat(i);
        assertTrue(a >= -1f && a <= 1f, "action " + a);
        assertEquals(p.tokenizer().decode(t), a);
        float lp = s.tokenLogProb().getFloat(i);
        assertTrue(lp <= 0 && lp > -20, "log-prob " + lp);
      }
      for (float v : s.value()) {
        assertTrue(Float.isFinite(v));
      }
      PolicyStep empty = p.act(observations(1, 2).gather(new int[0]), false, new Rng(3));
      assertEquals(0, empty.value().length);
    }
  }

  @Test
  void initialPolicyIsNearUniform() {
    try (TokenPolicy p = newPolicy(1)) {
      PolicyStep s = p.act(observations(8, 2), false, new Rng(3));
      double uniform = -Math.log(p.tokenizer().bins());
      for (float lp : s.tokenLogProb().toFloatArray()) {
        assertEquals(uniform, lp, 0.1);
      }
    }
  }

  @Test
  void sameSeedGivesIdenticalParametersAndOtherSeedsDiffer() {
    try (TokenPolicy a = newPolicy(42);
        TokenPolicy b = newPolicy(42);
        TokenPolicy c = newPolicy(43)) {
      assertEquals(a.parameters().keys(), b.parameters().keys());
      List<float[]> wa = Fixtures.weights(a);
      List<float[]> wb = Fixtures.weights(b);
      List<float[]> wc = Fixtures.weights(c);
      boolean anyDiffers = false;
      for (int i = 0; i < wa.size(); i++) {
        assertArrayEquals(wa.get(i), wb.get(i), a.parameters().keyAt(i));
        anyDiffers |= !Arrays.equals(wa.get(i), wc.get(i));
      }
      assertTrue(anyDiffers, "seed 43 gave the weights of seed 42");
    }
  }

  @Test
  void samplingIsReproducibleAndUsesOneDrawPerSlot() {
    try (TokenPolicy p = newPolicy(1)) {
      Observations obs = observations(6, 2);
      Rng r1 = new Rng(99);
      Rng r2 = new Rng(99);
      PolicyStep s1 = p.act(obs, false, r1);
      PolicyStep s2 = p.act(obs, false, r2);
      assertEquals(s1.tokens(), s2.tokens());
      assertEquals(s1.tokenLogProb(), s2.tokenLogProb());
      assertEquals(r1.state(), r2.state());
      Rng counter = new Rng(99);
      for (int i = 0; i < s1.tokens().size(); i++) {
        counter.nextDouble();
      }
      assertEquals(counter.state(), r1.state());
      PolicyStep s3 = p.act(obs, false, r1);
      assertNotEquals(s1.tokens(), s3.tokens());
    }
  }

  /** Log-probs of every token of every slot, via evaluate: [bins][n·slots]. */
  private static float[][] allLogProbs(TokenPolicy p, Observations obs) {
    int n = obs.size();
    int slots = p.chunk() * p.actionDim();
    int bins = p.tokenizer().bins();
    float[][] out = new float[bins][];
    try (NDManager m = NDManager.newBaseManager()) {
      for (int k = 0; k < bins; k++) {
        int[] t = new int[n * slots];
        Arrays.fill(t, k);
        Evaluation e = p.evaluate(m, obs, HostArray.ofInts(t, n, p.chunk(), p.actionDim()));
        out[k] = e.tokenLogProb().toFloatArray();
      }
    }
    return out;
  }

  @Test
  void greedyPicksTheMostLikelyToken() {
    try (TokenPolicy p = newPolicy(5)) {
      Observations obs = observations(4, 6);
      Rng rng = new Rng(1);
      PolicyStep g = p.act(obs, true, rng);
      assertEquals(new Rng(1).state(), rng.state(), "greedy must not draw");
      float[][] all = allLogProbs(p, obs);
      for (int s = 0; s < g.tokens().size(); s++) {
        int best = 0;
        for (int k = 1; k < all.length; k++) {
          if (all[k][s] > all[best][s]) {
            best = k;
          }
        }
        assertEquals(best, g.tokens().getInt(s), "slot " + s);
        assertEquals(all[best][s], g.tokenLogProb().getFloat(s), 1e-5);
      }
    }
  }

  @Test
  void sampledFrequenciesMatchProbabilities() {
    try (TokenPolicy p = newPolicy(7)) {
      int n = 3000;
      Observations one = observations(1, 8);
      Observations obs = one.gather(new int[n]); // the same observation n times
      PolicyStep s = p.act(obs, false, new Rng(11));
      float[][] all = allLogProbs(p, one);
      int slots = p.chunk() * p.actionDim();
      int bins = p.tokenizer().bins();
      for (int slot = 0; slot < slots; slot++) {
        int[] counts = new int[bins];
        for (int i = 0; i < n; i++) {
          counts[s.tokens().getInt(i * slots + slot)]++;
        }
        for (int k = 0; k < bins; k++) {
          double prob = Math.exp(all[k][slot]);
          double sd = Math.sqrt(prob * (1 - prob) / n);
          assertEquals(prob, counts[k] / (double) n, 5 * sd + 1e-3, "slot " + slot + " bin " + k);
        }
      }
    }
  }

  @Test
  void evaluateReproducesActLogProbsAndValues() {
    try (TokenPolicy p = newPolicy(3);
        NDManager m = NDManager.newBaseManager()) {
      Observations obs = observations(7, 4);
      PolicyStep s = p.act(obs, false, new Rng(5));
      Evaluation e = p.evaluate(m, obs, s.tokens());
      assertArrayEquals(s.tokenLogProb().shape(), toInts(e.tokenLogProb().getShape().getShape()));
      assertArrayEquals(s.tokenLogProb().shape(), toInts(e.tokenEntropy().getShape().getShape()));
      assertArrayEquals(new long[] {7}, e.value().getShape().getShape());
      assertArrayEquals(s.tokenLogProb().toFloatArray(), e.tokenLogProb().toFloatArray(), 1e-5f);
      assertArrayEquals(s.value(), e.value().toFloatArray(), 1e-5f);
      assertArrayEquals(s.value(), p.value(obs), 1e-5f);
      double maxEntropy = Math.log(p.tokenizer().bins());
      for (float h : e.tokenEntropy().toFloatArray()) {
        assertTrue(h > 0 && h <= maxEntropy + 1e-5, "entropy " + h);
      }
      // entropy by hand from all log-probs
      float[][] all = allLogProbs(p, obs);
      float[] ent = e.tokenEntropy().toFloatArray();
      for (int slot = 0; slot < ent.length; slot++) {
        double h = 0;
        for (float[] lp : all) {
          h -= Math.exp(lp[slot]) * lp[slot];
        }
        assertEquals(h, ent[slot], 1e-5);
      }
    }
  }

  @Test
  void evaluateRejectsBadTokens() {
    try (TokenPolicy p = newPolicy(3);
        NDManager m = NDManager.newBaseManager()) {
      Observations obs = observations(2, 4);
      int slots = 2 * p.chunk() * p.actionDim();
      int[] t = new int[slots];
      t[1] = p.tokenizer().bins();
      HostArray bad = HostArray.ofInts(t, 2, p.chunk(), p.actionDim());
      var e = assertThrows(IllegalArgumentException.class, () -> p.evaluate(m, obs, bad));
      assertTrue(e.getMessage().contains("outside"), e.getMessage());
      HostArray wrongShape = HostArray.ofInts(new int[slots], 1, 2, p.chunk() * p.actionDim());
      assertThrows(IllegalArgumentException.class, () -> p.evaluate(m, obs, wrongShape));
    }
  }

  private static float maxAbsGradient(Parameter param) {
    // getGradient() wraps the gradient in a new NDArray of the parameter's manager: close it
    try (NDArray g = param.getArray().getGradient()) {
      float max = 0;
      for (float x : g.toFloatArray()) {
        max = Math.max(max, Math.abs(x));
      }
      return max;
    }
  }

  private static void backwardOnce(TokenPolicy p, Observations obs, HostArray tokens) {
    try (NDManager m = NDManager.newBaseManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      Evaluation e = p.evaluate(m, obs, tokens);
      NDArray loss = e.tokenLogProb().sum().add(e.tokenEntropy().sum()).add(e.value().sum());
      gc.backward(loss);
    }
  }

  @Test
  void gradientsReachEveryParameterAndAccumulateAcrossCollectors() {
    try (TokenPolicy p = newPolicy(9)) {
      Observations obs = observations(6, 10);
      HostArray tokens = p.act(obs, false, new Rng(1)).tokens();
      int before = p.manager().getManagedArrays().size();
      backwardOnce(p, obs, tokens);
      PairList<String, Parameter> ps = p.parameters();
      float[] first = new float[ps.size()];
      for (int i = 0; i < ps.size(); i++) {
        first[i] = maxAbsGradient(ps.valueAt(i));
        assertTrue(first[i] > 0, "no gradient reached " + ps.keyAt(i));
      }
      // DJL's PyTorch GradientCollector zeroes nothing, on creation or close: a second backward
      // adds to the first. Learners must zero gradients themselves.
      backwardOnce(p, obs, tokens);
      for (int i = 0; i < ps.size(); i++) {
        assertEquals(2 * first[i], maxAbsGradient(ps.valueAt(i)), 1e-4 * first[i] + 1e-7);
      }
      assertEquals(before, p.manager().getManagedArrays().size(), "arrays leaked");
    }
  }

  @Test
  void actAndValueLeaveNoArraysBehind() {
    try (TokenPolicy p = newPolicy(1)) {
      Observations obs = observations(4, 2);
      Rng rng = new Rng(1);
      p.act(obs, false, rng);
      int before = p.manager().getManagedArrays().size();
      assertEquals(p.parameters().size(), before);
      for (int i = 0; i < 30; i++) {
        p.act(obs, i % 2 == 0, rng);
        p.value(obs);
      }
      assertEquals(before, p.manager().getManagedArrays().size());
    }
  }

  /**
   * {@code act} and {@code value} leave a thread's grad mode as they found it, on (a new thread's
   * default) or off. That they record no graph meanwhile is {@link NoGrad}'s part ({@code
   * NoGradTest}); both run under it.
   */
  @Test
  void actAndValueOnAnotherThreadLeaveItsGradModeAsTheyFoundIt() throws Exception {
    try (TokenPolicy p = newPolicy(1)) {
      Observations obs = observations(2, 2);
      AtomicReference<String> result = new AtomicReference<>();
      Thread t =
          new Thread(
              () -> {
                boolean before = JniUtils.isGradMode();
                p.act(obs, false, new Rng(1));
                p.value(obs);
                boolean afterOn = JniUtils.isGradMode();
                JniUtils.setGradMode(false);
                p.act(obs, false, new Rng(1));
                p.value(obs);
                result.set(before + "," + afterOn + "," + JniUtils.isGradMode());
              });
      t.start();
      t.join();
      // PyTorch's grad mode is thread-local and on by default in new threads.
      assertEquals("true,true,false", result.get());
    }
  }

  @Test
  void saveLoadRoundTripReproducesActBitForBit() throws IOException {
    try (TokenPolicy a = newPolicy(21);
        TokenPolicy b = newPolicy(22)) {
      Observations obs = observations(5, 3);
      PolicyStep sa = a.act(obs, false, new Rng(4));
      byte[] bytes = Fixtures.save(a);
      int arrays = b.manager().getManagedArrays().size();
      b.loadParameters(new DataInputStream(new ByteArrayInputStream(bytes)));
      assertEquals(arrays, b.manager().getManagedArrays().size(), "old arrays not closed");
      PolicyStep sb = b.act(obs, false, new Rng(4));
      assertEquals(sa.tokens(), sb.tokens());
      assertEquals(sa.actions(), sb.actions());
      assertEquals(sa.tokenLogProb(), sb.tokenLogProb());
      assertArrayEquals(sa.value(), sb.value());
      assertArrayEquals(Fixtures.save(a), Fixtures.save(b));
      // loaded parameters must still be trainable
      backwardOnce(b, obs, sb.tokens());
      for (Parameter param : b.parameters().values()) {
        assertTrue(maxAbsGradient(param) > 0, "no gradient after load: " + param.getName());
      }
    }
  }

  @Test
  void loadRejectsWeightsOfAnotherConfiguration() throws IOException {
    try (TokenPolicy a = otherPolicy(1);
        TokenPolicy b = newPolicy(2)) {
      List<float[]> before = Fixtures.weights(b);
      byte[] bytes = Fixtures.save(a);
      IOException e =
          assertThrows(
              IOException.class,
              () -> b.loadParameters(new DataInputStream(new ByteArrayInputStream(bytes))));
      assertTrue(e.getMessage().contains("do not fit"), e.getMessage());
      List<float[]> after = Fixtures.weights(b);
      for (int i = 0; i < before.size(); i++) {
        assertArrayEquals(before.get(i), after.get(i));
      }
      assertThrows(
          IOException.class,
          () -> b.loadParameters(new DataInputStream(new ByteArrayInputStream(new byte[8]))));
    }
  }

  @Test
  void closedPolicyRefusesWork() {
    TokenPolicy p = newPolicy(1);
    p.close();
    p.close();
    assertThrows(IllegalStateException.class, () -> p.act(observations(1, 1), true, null));
    assertFalse(p.manager().isOpen());
  }

  private static int[] toInts(long[] a) {
    return Arrays.stream(a).mapToInt(Math::toIntExact).toArray();
  }
}
