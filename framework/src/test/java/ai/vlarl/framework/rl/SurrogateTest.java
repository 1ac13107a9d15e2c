package ai.vlarl.framework.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class SurrogateTest {
  // Four rows, clip_low 0.2, clip_high 0.28 (clip range [0.8, 1.28]), dual clip 3.
  //   ratio r = [1.5, 0.5, 4.0, 1.1], advantages A = [1, -1, -1, 1]
  //   -A r         = [-1.5, 0.5, 4.0, -1.1]
  //   -A clip(r)   = [-1.28, 0.8, 1.28, -1.1]
  //   max          = [-1.28, 0.8, 4.0, -1.1]
  //   dual (A < 0: min(., -3A = 3)) = [-1.28, 0.8, 3.0, -1.1]
  //   loss with dual = 1.42 / 4 = 0.355;  without = 2.42 / 4 = 0.605
  //   clip fraction: r < 0.8 or r > 1.28 -> [1, 1, 1, 0] -> 0.75
  //   approx KL = mean((r - 1) - ln r) = mean([0.094535, 0.193147, 1.613706, 0.004690]) = 0.476519
  // Gradient wrt newLogp (d ratio / d logp = r), divided by the 4 rows:
  //   row 0 clipped (constant), row 1 clipped (0.8 > 0.5 wins), row 2 capped by the dual clip,
  //   row 3 unclipped: -A r / 4 = -1.1 / 4 = -0.275.
  private static final float[] RATIO = {1.5f, 0.5f, 4.0f, 1.1f};
  private static final float[] ADV = {1, -1, -1, 1};

  private static NDArray logs(NDManager m, float[] r) {
    float[] l = new float[r.length];
    for (int i = 0; i < r.length; i++) {
      l[i] = (float) Math.log(r[i]);
    }
    return m.create(l);
  }

  @Test
  void asymmetricAndDualClip() {
    try (NDManager m = NDManager.newBaseManager()) {
      Surrogate.Terms t = Surrogate.compute(logs(m, RATIO), m.zeros(new Shape(4)), m.create(ADV),
          0.2, 0.28, 3.0);
      assertEquals(0.355f, t.loss().getFloat(), 1e-5f);
      assertEquals(0.75f, t.clipFraction().getFloat(), 1e-6f);
      assertEquals(0.476519f, t.approxKl().getFloat(), 1e-5f);
    }
  }

  @Test
  void withoutDualClip() {
    try (NDManager m = NDManager.newBaseManager()) {
      Surrogate.Terms t = Surrogate.compute(logs(m, RATIO), m.zeros(new Shape(4)), m.create(ADV),
          0.2, 0.28, 0);
      assertEquals(0.605f, t.loss().getFloat(), 1e-5f);
    }
  }

  @Test
  void symmetricClipEqualsPpoLoss() {
    // with clip_low = clip_high = eps and no dual clip, the surrogate is PpoLoss's policy loss:
    // PpoLossTest's rows r = [1.5, 0.5], A = [1, -1] -> -0.2
    try (NDManager m = NDManager.newBaseManager()) {
      Surrogate.Terms t = Surrogate.compute(logs(m, new float[] {1.5f, 0.5f}),
          m.zeros(new Shape(2)), m.create(new float[] {1, -1}), 0.2, 0.2, 0);
      assertEquals(-0.2f, t.loss().getFloat(), 1e-6f);
    }
  }

  @Test
  void clippedAndDualCappedRowsHaveNoGradient() {
    try (NDManager m = NDManager.newBaseManager();
        var gc = Engine.getInstance().newGradientCollector()) {
      NDArray newLogp = logs(m, RATIO);
      newLogp.setRequiresGradient(true);
      Surrogate.Terms t = Surrogate.compute(newLogp, m.zeros(new Shape(4)), m.create(ADV),
          0.2, 0.28, 3.0);
      gc.backward(t.loss());
      assertArrayEquals(new float[] {0, 0, 0, -0.275f}, newLogp.getGradient().toFloatArray(), 1e-6f);
    }
  }

  @Test
  void tokenLevelRatiosShareTheirDecisionsAdvantage() {
    // 2 decisions x 2 tokens, all ratios 1, A = [2, -4] broadcast over each decision's tokens:
    //   loss = mean(-2, -2, 4, 4) = 1; d loss / d logp_ij = -A_i * 1 / 4 = [[-0.5, -0.5], [1, 1]]
    try (NDManager m = NDManager.newBaseManager();
        var gc = Engine.getInstance().newGradientCollector()) {
      NDArray newLogp = m.zeros(new Shape(2, 2));
      newLogp.setRequiresGradient(true);
      Surrogate.Terms t = Surrogate.compute(newLogp, m.zeros(new Shape(2, 2)),
          m.create(new float[] {2, -4}), 0.2, 0.28, 3.0);
      assertEquals(1f, t.loss().getFloat(), 1e-6f);
      gc.backward(t.loss());
      assertArrayEquals(new float[] {-0.5f, -0.5f, 1f, 1f}, newLogp.getGradient().toFloatArray(), 1e-6f);
    }
  }

  @Test
  void k3KlToTheReference() {
    // new = [0, ln 2], ref = [0, 0]: d = ref - new = [0, -ln 2]
    //   exp(d) - d - 1 = [0, 0.5 + 0.693147 - 1 = 0.193147] -> mean 0.0965736
    //   d/dnew = (1 - exp(d)) / 2 = [0, 0.25]
    try (NDManager m = NDManager.newBaseManager();
        var gc = Engine.getInstance().newGradientCollector()) {
      NDArray newLogp = m.create(new float[] {0f, (float) Math.log(2)});
      newLogp.setRequiresGradient(true);
      NDArray kl = Surrogate.klToReference(newLogp, m.zeros(new Shape(2)));
      assertEquals(0.0965736f, kl.getFloat(), 1e-6f);
      gc.backward(kl);
      assertArrayEquals(new float[] {0f, 0.25f}, newLogp.getGradient().toFloatArray(), 1e-6f);
    }
  }
}
