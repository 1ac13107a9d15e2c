package ai.vlarl.policies.vla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.vlarl.framework.core.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuxProbeTest {

  @Test
  void lossIsTheWeightedMeanSquaredErrorOfTheLinearProbe() {
    try (NDManager m = NDManager.newBaseManager()) {
      Parameter w = Parameter.builder().setName("aux_probe.weight").setType(Parameter.Type.WEIGHT).build();
      w.setArray(m.create(new float[] {1f, 2f}, new Shape(1, 2)));
      Parameter b = Parameter.builder().setName("aux_probe.bias").setType(Parameter.Type.BIAS).build();
      b.setArray(m.create(new float[] {0.1f}, new Shape(1)));
      AuxProbe probe = new AuxProbe(2f, 1, w, b);
      NDArray k = m.create(new float[] {0.5f, -0.5f, 1f, 0f}, new Shape(2, 2));
      // predictions: 0.5·1 - 0.5·2 + 0.1 = -0.4 and 1·1 + 0·2 + 0.1 = 1.1;
      // errors against (0, 1): -0.4 and 0.1 → squares 0.16 and 0.01 → mean 0.085 → × 2 = 0.17
      assertEquals(0.17f, probe.loss(k, new float[] {0f, 1f}).getFloat(), 1e-6f);
    }
  }

  /**
   * A bright square at a random place on a dark image, its centre recorded as the object position:
   * with the probe, SFT teaches the keypoints to find it (the probe's error falls far below the
   * variance of the positions, what a constant guess leaves).
   */
  @Test
  void sftWithTheProbeLearnsToLocalize() {
    VlaArch arch =
        new VlaArch(16, 4, 2, false, true, true, true, true, false, 16, 1, 2, 32, 2, 4, 48, 16, 0, 32, 1, 3, InstructionTokenizer.vocabSize());
    EpisodeDataset.Builder b = new EpisodeDataset.Builder(16, 0, 3, 2);
    Rng rng = new Rng(5);
    double var = 0;
    int n = 0;
    for (int e = 0; e < 64; e++) {
      List<byte[]> img = new ArrayList<>();
      List<float[]> act = new ArrayList<>();
      List<float[]> pos = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int x = rng.nextInt(15);
        int y = rng.nextInt(15);
        byte[] px = new byte[16 * 16 * 3];
        for (int dy = 0; dy < 2; dy++) {
          for (int dx = 0; dx < 2; dx++) {
            for (int c = 0; c < 3; c++) {
              px[((y + dy) * 16 + x + dx) * 3 + c] = (byte) 255;
            }
          }
        }
        img.add(px);
        act.add(new float[] {0f, 0f, 0f});
        // the square's centre in [-1, 1] image coordinates
        float cx = (x + 1) / 8f - 1;
        float cy = (y + 1) / 8f - 1;
        pos.add(new float[] {cx, cy});
        var += cx * cx + cy * cy;
        n += 2;
      }
      b.add("reach the white block", "reach", true, img, null, List.of(), act, pos);
    }
    var /= n; // mean square of centred-enough positions: what predicting 0 leaves
    SftConfig cfg = VlaFixtures.config(Map.of("sft", Map.of("epochs", 25, "batch_size", 32,
        "learning_rate", 3e-3, "aux_weight", 1.0))).sft();
    try (VlaPolicy p = new VlaPolicy(arch, VlaConfig.Decoding.PARALLEL, true, 1.0, 1)) {
      Map<String, Double> m = SftTrainer.train(p, b.build(), cfg, 3, null);
      assertTrue(m.get("aux_loss") < 0.25 * var, "aux loss " + m.get("aux_loss") + " vs " + var);
    }
  }
}
