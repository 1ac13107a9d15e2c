package ai.vlarl.framework.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class PpoLossTest {
  // Two rows, eps = 0.2, ent_coef = 0.01, vf_coef = 0.5.
  // ratios r = exp(newLogp - oldLogp) = [1.5, 0.5]; advantages A = [1, -1].
  //   -A * r            = [-1.5, 0.5]
  //   -A * clip(r)      = [-1.2, 0.8]      (clip to [0.8, 1.2])
  //   max               = [-1.2, 0.8]  -> policy loss = mean = -0.2
  // values V = [1, 0], old V = [0.5, 0.5], returns R = [2, 0]
  //   unclipped (V - R)^2                         = [1, 0]
  //   clipped V_old + clip(V - V_old, -0.2, 0.2)  = [0.7, 0.3] -> (.. - R)^2 = [1.69, 0.09]
  //   clipped value loss   = 0.5 * mean(max) = 0.5 * mean([1.69, 0.09]) = 0.445
  //   unclipped value loss = 0.5 * mean([1, 0]) = 0.25
  // entropy [1, 2] -> mean 1.5
  //   loss (clipped V) = -0.2 - 0.01 * 1.5 + 0.5 * 0.445 = 0.0075
  // approx KL = mean((r - 1) - ln r) = mean([0.5 - 0.405465, -0.5 + 0.693147]) = 0.143841
  // clip fraction = mean(|r - 1| > 0.2) = 1

  @Test
  void lossTermsMatchHandDerivation() {
    try (NDManager m = NDManager.newBaseManager()) {
      PpoLoss.Terms t = compute(m, true);
      assertEquals(-0.2f, t.policyLoss().getFloat(), 1e-6f);
      assertEquals(0.445f, t.valueLoss().getFloat(), 1e-6f);
      assertEquals(1.5f, t.entropy().getFloat(), 1e-6f);
      assertEquals(0.0075f, t.loss().getFloat(), 1e-6f);
      assertEquals(0.143841f, t.approxKl().getFloat(), 1e-5f);
      assertEquals(1.0f, t.clipFraction().getFloat(), 1e-6f);
    }
  }

  @Test
  void unclippedValueLoss() {
    try (NDManager m = NDManager.newBaseManager()) {
      PpoLoss.Terms t = compute(m, false);
      assertEquals(0.25f, t.valueLoss().getFloat(), 1e-6f);
      // -0.2 - 0.015 + 0.5 * 0.25 = -0.09
      assertEquals(-0.09f, t.loss().getFloat(), 1e-6f);
    }
  }

  @Test
  void insideTheClipRangeTheGradientIsTheAdvantage() {
    // r = 1 exactly: d(policy loss)/d(newLogp_i) = -A_i * r / B = -A_i / 2
    try (NDManager m = NDManager.newBaseManager();
        var gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
      NDArray newLogp = m.create(new float[] {0f, 0f});
      newLogp.setRequiresGradient(true);
      NDArray zeros = m.create(new float[] {0f, 0f});
      PpoLoss.Terms t = PpoLoss.compute(newLogp, zeros, m.create(new float[] {2f, -4f}),
          zeros, zeros, zeros, zeros, 0.2, false, 0, 0);
      gc.backward(t.loss());
      assertArrayEquals(new float[] {-1f, 2f}, newLogp.getGradient().toFloatArray(), 1e-6f);
    }
  }

  @Test
  void theScaledTermsGradientsHoldUnderConstantGarbageCollection() throws InterruptedException {
    // The hand-derived case above, unclipped value loss: loss = pg - 0.01 * mean(H) + 0.5 * v_loss
    // with v_loss = 0.5 * mean((V - R)^2), so
    //   d loss / d H_i = -0.01 / 2                      = -0.005
    //   d loss / d V_i = 0.5 * 0.5 * 2 * (V_i - R_i) / 2 = [0.25 * (1 - 2), 0.25 * (0 - 0)] = [-0.25, 0]
    // Both pass through a tensor times a constant on the autograd path. DJL backs a Java scalar
    // operand (x.mul(0.5f)) by a direct buffer a GC may free before backward reads it, which is why
    // PpoLoss scales with a tensor ({@code PpoLoss.scale}); with collections forced all the time and
    // between every forward and backward pass, the gradients must stay exact.
    Thread collector = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        System.gc();
        for (int i = 0; i < 32; i++) { // freed native memory gets reused, with NaNs in it
          java.nio.ByteBuffer.allocateDirect(64).putFloat(0, Float.NaN);
        }
      }
    });
    collector.setDaemon(true);
    collector.start();
    try {
      for (int k = 0; k < 100; k++) {
        try (NDManager m = NDManager.newBaseManager();
            var gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
          NDArray value = m.create(new float[] {1f, 0f});
          NDArray entropy = m.create(new float[] {1f, 2f});
          value.setRequiresGradient(true);
          entropy.setRequiresGradient(true);
          PpoLoss.Terms t = PpoLoss.compute(
              m.create(new float[] {(float) Math.log(1.5), (float) Math.log(0.5)}), m.create(new float[] {0f, 0f}),
              m.create(new float[] {1f, -1f}), value, m.create(new float[] {0.5f, 0.5f}),
              m.create(new float[] {2f, 0f}), entropy, 0.2, false, 0.01, 0.5);
          System.gc();
          gc.backward(t.loss());
          assertArrayEquals(new float[] {-0.005f, -0.005f}, entropy.getGradient().toFloatArray(), 1e-7f, "pass " + k);
          assertArrayEquals(new float[] {-0.25f, 0f}, value.getGradient().toFloatArray(), 1e-7f, "pass " + k);
        }
      }
    } finally {
      collector.interrupt();
      collector.join();
    }
  }

  @Test
  void normalizeUsesBesselCorrectedStd() {
    try (NDManager m = NDManager.newBaseManager()) {
      // mean 2, sample std sqrt(((1-2)^2 + 0 + (3-2)^2) / 2) = 1
      assertArrayEquals(new float[] {-1f, 0f, 1f},
          PpoLoss.normalize(m.create(new float[] {1f, 2f, 3f})).toFloatArray(), 1e-6f);
    }
  }

  private static PpoLoss.Terms compute(NDManager m, boolean clipV) {
    NDArray newLogp = m.create(new float[] {(float) Math.log(1.5), (float) Math.log(0.5)});
    NDArray oldLogp = m.create(new float[] {0f, 0f});
    return PpoLoss.compute(newLogp, oldLogp, m.create(new float[] {1f, -1f}),
        m.create(new float[] {1f, 0f}), m.create(new float[] {0.5f, 0.5f}),
        m.create(new float[] {2f, 0f}), m.create(new float[] {1f, 2f}), 0.2, clipV, 0.01, 0.5);
  }
}
