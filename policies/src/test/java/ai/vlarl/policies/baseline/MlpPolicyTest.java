package ai.vlarl.policies.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.policy.PolicyStep;
import ai.vlarl.policies.Fixtures;
import ai.vlarl.policies.Layers;
import ai.vlarl.policies.OrthogonalInit;
import java.util.List;
import org.junit.jupiter.api.Test;

class MlpPolicyTest {

  /** Forward of a one-hidden-layer tanh MLP in plain Java: out = W2 tanh(W1 x + b1) + b2. */
  private static double[] forward(float[] x, float[] w1, float[] b1, float[] w2, float[] b2) {
    int in = x.length;
    int h = b1.length;
    int out = b2.length;
    double[] hid = new double[h];
    for (int i = 0; i < h; i++) {
      double s = b1[i];
      for (int j = 0; j < in; j++) {
        s += w1[i * in + j] * x[j];
      }
      hid[i] = Math.tanh(s);
    }
    double[] y = new double[out];
    for (int i = 0; i < out; i++) {
      double s = b2[i];
      for (int j = 0; j < h; j++) {
        s += w2[i * h + j] * hid[j];
      }
      y[i] = s;
    }
    return y;
  }

  @Test
  void tokenLogProbsAndValuesEqualAHandComputedForwardPass() {
    int bins = 3;
    int dim = 2;
    try (MlpPolicy p = new MlpPolicy(new MlpConfig(List.of(3), bins, 1), 2, dim, 1)) {
      PairList<String, Parameter> ps = p.parameters();
      assertEquals(
          List.of(
              "01actor_01Linear_weight", "01actor_01Linear_bias",
              "01actor_03Linear_weight", "01actor_03Linear_bias",
              "02critic_01Linear_weight", "02critic_01Linear_bias",
              "02critic_03Linear_weight", "02critic_03Linear_bias"),
          ps.keys());
      // replace the near-uniform initial weights by large random ones
      Rng rng = new Rng(7);
      float[][] w = new float[ps.size()][];
      for (int i = 0; i < ps.size(); i++) {
        NDArray a = ps.valueAt(i).getArray();
        w[i] = new float[Math.toIntExact(a.size())];
        for (int k = 0; k < w[i].length; k++) {
          w[i][k] = (float) (1.5 * rng.nextGaussian());
        }
        a.set(w[i]);
      }
      Observations obs =
          new Observations(
              2, HostArray.ofFloats(new float[] {0.3f, -1.2f, 2f, 0.5f}, 2, 2),
              null, null, null, null, null);
      PolicyStep greedy = p.act(obs, true, null);
      PolicyStep sampled = p.act(obs, false, new Rng(3));
      for (int row = 0; row < 2; row++) {
        float[] x = {obs.state().getFloat(row * 2), obs.state().getFloat(row * 2 + 1)};
        double[] logits = forward(x, w[0], w[1], w[2], w[3]);
        double value = forward(x, w[4], w[5], w[6], w[7])[0];
        assertEquals(value, greedy.value()[row], 1e-5);
        for (int d = 0; d < dim; d++) {
          double max = Double.NEGATIVE_INFINITY;
          int arg = 0;
          for (int k = 0; k < bins; k++) {
            if (logits[d * bins + k] > max) {
              max = logits[d * bins + k];
              arg = k;
            }
          }
          double z = 0;
          for (int k = 0; k < bins; k++) {
            z += Math.exp(logits[d * bins + k] - max);
          }
          int slot = row * dim + d;
          assertEquals(arg, greedy.tokens().getInt(slot));
          int t = sampled.tokens().getInt(slot);
          double lp = logits[d * bins + t] - max - Math.log(z);
          assertEquals(lp, sampled.tokenLogProb().getFloat(slot), 1e-5);
          assertEquals(-Math.log(z), greedy.tokenLogProb().getFloat(slot), 1e-5);
        }
      }
    }
  }

  @Test
  void weightsComeFromPerLayerSeededOrthogonalInit() {
    try (MlpPolicy p = new MlpPolicy(new MlpConfig(List.of(16), 5, 1), 6, 2, 77)) {
      PairList<String, Parameter> ps = p.parameters();
      double g = Layers.HIDDEN_GAIN;
      assertArrayEquals(
          OrthogonalInit.matrix(16, 6, g, new Rng(OrthogonalInit.of(77, "actor.0", g).seed())),
          ps.valueAt(0).getArray().toFloatArray());
      assertArrayEquals(new float[16], ps.valueAt(1).getArray().toFloatArray());
      double a = MlpPolicy.ACTOR_OUT_GAIN;
      assertArrayEquals(
          OrthogonalInit.matrix(10, 16, a, new Rng(OrthogonalInit.of(77, "actor.1", a).seed())),
          ps.valueAt(2).getArray().toFloatArray());
      double c = MlpPolicy.CRITIC_OUT_GAIN;
      assertArrayEquals(
          OrthogonalInit.matrix(1, 16, c, new Rng(OrthogonalInit.of(77, "critic.1", c).seed())),
          ps.valueAt(6).getArray().toFloatArray());
    }
  }

  @Test
  void parameterCountFollowsTheDocumentedFormula() {
    // defaults: hidden [128, 128], 21 bins, chunk 1; S = 32, dim = 4
    try (MlpPolicy p = new MlpPolicy(new MlpConfig(List.of(128, 128), 21, 1), 32, 4, 0)) {
      assertEquals(52_437, p.parameterCount());
    }
  }

  @Test
  void factoryChecksTheEnv() {
    MlpPolicyFactory f = new MlpPolicyFactory();
    MlpConfig cfg = new MlpConfig(List.of(8), 5, 2);
    EnvSpec pixels = Fixtures.imageEnv(16, 3, false, 2, 4, 4);
    var e = assertThrows(IllegalArgumentException.class, () -> f.create(cfg, pixels, 1));
    assertTrue(
        e.getMessage()
            .startsWith(
                "policy 'mlp' needs state observations; set env.obs_mode=state or use"
                    + " policy.kind=cnn"),
        e.getMessage());
    var chunk =
        assertThrows(
            IllegalArgumentException.class, () -> f.create(cfg, Fixtures.stateEnv(6, 4, 1), 1));
    assertTrue(chunk.getMessage().contains("policy.chunk=2"), chunk.getMessage());
    var type =
        assertThrows(
            IllegalArgumentException.class,
            () -> f.create(CnnPolicyTest.defaults(), Fixtures.stateEnv(6, 4, 4), 1));
    assertTrue(type.getMessage().contains("MlpConfig"), type.getMessage());
    try (Policy p = f.create(cfg, Fixtures.stateEnv(6, 4, 4), 1)) {
      assertEquals(2, p.chunk());
      assertEquals(4, p.actionDim());
      assertEquals(5, p.tokenizer().bins());
    }
  }

  @Test
  void actRejectsObservationsItWasNotBuiltFor() {
    try (MlpPolicy p = new MlpPolicy(new MlpConfig(List.of(8), 5, 1), 6, 2, 0)) {
      Observations wrongSize =
          new Observations(1, HostArray.ofFloats(new float[5], 1, 5), null, null, null, null, null);
      var e = assertThrows(IllegalArgumentException.class, () -> p.act(wrongSize, true, null));
      assertTrue(e.getMessage().contains("FLOAT32[N, 6]"), e.getMessage());
      Observations none = new Observations(1, null, null, null, null, null, null);
      assertThrows(IllegalArgumentException.class, () -> p.value(none));
      Observations one =
          new Observations(1, HostArray.ofFloats(new float[6], 1, 6), null, null, null, null, null);
      assertThrows(IllegalArgumentException.class, () -> p.act(one, false, null));
    }
  }

  @Test
  void configValidation() {
    var even = assertThrows(IllegalArgumentException.class, () -> new MlpConfig(List.of(8), 20, 1));
    assertTrue(even.getMessage().contains("policy.bins must be odd"), even.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new MlpConfig(List.of(8), 1, 1));
    var chunk = assertThrows(IllegalArgumentException.class, () -> new MlpConfig(List.of(8), 5, 0));
    assertTrue(chunk.getMessage().contains("policy.chunk"), chunk.getMessage());
    var hidden =
        assertThrows(IllegalArgumentException.class, () -> new MlpConfig(List.of(8, 0), 5, 1));
    assertTrue(hidden.getMessage().contains("policy.hidden"), hidden.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new MlpConfig(null, 5, 1));
    assertEquals(List.of(), new MlpConfig(List.of(), 3, 1).hidden());
  }
}
