package ai.vlarl.policies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.vlarl.framework.core.Rng;
import org.junit.jupiter.api.Test;

class CategoricalHeadTest {

  private static float[] logSoftmax(float... logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double z = 0;
    for (float l : logits) {
      z += Math.exp(l - max);
    }
    float[] out = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = (float) (logits[i] - max - Math.log(z));
    }
    return out;
  }

  @Test
  void logProbsGatherAndEntropyMatchHandComputation() {
    // B=1, chunk=1, dim=2, bins=3
    float[] logits = {1f, 2f, 0.5f, -1f, 0f, 3f};
    float[] a = logSoftmax(1f, 2f, 0.5f);
    float[] b = logSoftmax(-1f, 0f, 3f);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray lp = CategoricalHead.logProbs(m.create(logits, new Shape(1, 6)), 1, 2, 3);
      assertArrayEquals(new long[] {1, 1, 2, 3}, lp.getShape().getShape());
      assertArrayEquals(
          new float[] {a[0], a[1], a[2], b[0], b[1], b[2]}, lp.toFloatArray(), 1e-6f);
      NDArray tokens = m.create(new int[] {1, 2}, new Shape(1, 1, 2));
      assertArrayEquals(
          new float[] {a[1], b[2]}, CategoricalHead.tokenLogProb(lp, tokens).toFloatArray(), 1e-6f);
      double ha = 0;
      double hb = 0;
      for (int k = 0; k < 3; k++) {
        ha -= Math.exp(a[k]) * a[k];
        hb -= Math.exp(b[k]) * b[k];
      }
      NDArray h = CategoricalHead.entropy(lp);
      assertArrayEquals(new long[] {1, 1, 2}, h.getShape().getShape());
      assertArrayEquals(new float[] {(float) ha, (float) hb}, h.toFloatArray(), 1e-6f);
    }
  }

  @Test
  void greedyTakesTheArgmaxAndDrawsNothing() {
    float[] lp = {-2f, -0.5f, -1f, -0.1f, -3f, -3f};
    int[] tokens = new int[2];
    float[] chosen = new float[2];
    CategoricalHead.choose(lp, 3, true, null, tokens, chosen);
    assertArrayEquals(new int[] {1, 0}, tokens);
    assertArrayEquals(new float[] {-0.5f, -0.1f}, chosen);
    // ties go to the lowest index
    int[] tie = new int[1];
    CategoricalHead.choose(new float[] {-1f, -1f, -1f}, 3, true, null, tie, new float[1]);
    assertEquals(0, tie[0]);
  }

  @Test
  void samplingFollowsTheProbabilitiesAndIsReproducible() {
    double[] p = {0.5, 0.3, 0.2, 0.0};
    int n = 20000;
    float[] lp = new float[n * 4];
    for (int s = 0; s < n; s++) {
      for (int k = 0; k < 4; k++) {
        lp[s * 4 + k] = (float) Math.log(p[k]);
      }
    }
    int[] tokens = new int[n];
    float[] chosen = new float[n];
    CategoricalHead.choose(lp, 4, false, new Rng(1), tokens, chosen);
    int[] counts = new int[4];
    for (int t : tokens) {
      counts[t]++;
    }
    for (int k = 0; k < 4; k++) {
      double sd = Math.sqrt(p[k] * (1 - p[k]) / n);
      assertEquals(p[k], counts[k] / (double) n, 5 * sd + 1e-9, "bin " + k);
    }
    assertEquals(0, counts[3], "a zero-probability token was sampled");
    int[] again = new int[n];
    CategoricalHead.choose(lp, 4, false, new Rng(1), again, chosen);
    assertArrayEquals(tokens, again);
    for (int s = 0; s < n; s++) {
      assertEquals(lp[s * 4 + tokens[s]], chosen[s]);
    }
  }

  @Test
  void inverseCdfUsesOneUniformPerSlot() {
    // u from the generator decides the token: u·1 < 0.5 → 0, < 0.8 → 1, else 2
    float[] lp = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.2)};
    Rng probe = new Rng(123);
    double u = probe.nextDouble();
    int want = u < 0.5 ? 0 : u < 0.8 ? 1 : 2;
    int[] tokens = new int[1];
    Rng rng = new Rng(123);
    CategoricalHead.choose(lp, 3, false, rng, tokens, new float[1]);
    assertEquals(want, tokens[0]);
    assertEquals(probe.state(), rng.state());
  }

  @Test
  void divergedLogitsFailLoudly() {
    float[] lp = {Float.NaN, Float.NaN, Float.NaN};
    assertThrows(
        IllegalStateException.class,
        () -> CategoricalHead.choose(lp, 3, false, new Rng(1), new int[1], new float[1]));
    assertThrows(
        IllegalStateException.class,
        () -> CategoricalHead.choose(lp, 3, true, null, new int[1], new float[1]));
  }
}
