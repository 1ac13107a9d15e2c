package ai.vlarl.policies.vla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.PolicyStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SftTrainerTest {

  @Test
  void learningRateWarmsUpThenDecaysToATenth() {
    // 100 steps: warm-up over 5 (0.2, 0.4, ... of base), then cosine from base to base/10
    assertEquals(0.2, SftTrainer.learningRate(1.0, 0, 100), 1e-12);
    assertEquals(1.0, SftTrainer.learningRate(1.0, 4, 100), 1e-12);
    assertEquals(1.0, SftTrainer.learningRate(1.0, 5, 100), 1e-12);
    assertEquals(0.55, SftTrainer.learningRate(1.0, 5 + 95 / 2, 100), 0.02); // halfway: 0.1 + 0.45
    assertEquals(0.1, SftTrainer.learningRate(1.0, 100, 100), 1e-12);
  }

  @Test
  void balancedOrderDrawsEveryTaskEquallyOften() {
    // tasks of 2, 3 and 9 steps, 14 rows: 5, 5 and 4 draws (14 / 3 = 4, remainder 2 to the first
    // two); the 2-step task repeats its steps (each 2 or 3 times), the 9-step one draws 4 distinct
    int[][] groups = {{0, 1}, {2, 3, 4}, {5, 6, 7, 8, 9, 10, 11, 12, 13}};
    int[] order = SftTrainer.balancedOrder(groups, 14, new Rng(1));
    int[] perTask = new int[3];
    int[] perStep = new int[14];
    for (int s : order) {
      perTask[s < 2 ? 0 : s < 5 ? 1 : 2]++;
      perStep[s]++;
    }
    assertArrayEquals(new int[] {5, 5, 4}, perTask);
    assertTrue(perStep[0] >= 2 && perStep[0] <= 3 && perStep[0] + perStep[1] == 5);
    for (int s = 5; s < 14; s++) {
      assertTrue(perStep[s] <= 1, "the long task draws without repeats");
    }
    // one group: a permutation
    int[] one = SftTrainer.balancedOrder(new int[][] {{0, 1, 2, 3}}, 4, new Rng(2));
    int[] sorted = one.clone();
    java.util.Arrays.sort(sorted);
    assertArrayEquals(new int[] {0, 1, 2, 3}, sorted);
  }

  /**
   * Two instructions with opposite demonstrated actions on identical images: SFT must learn to
   * read the instruction, and set the action statistics from the data.
   */
  @Test
  void learnsInstructionConditionedActionsAndSetsStats() {
    VlaArch arch =
        new VlaArch(16, 4, 2, false, true, true, true, true, false, 16, 1, 2, 32, 2, 4, 48, 16, 0, 32, 1, 3, InstructionTokenizer.vocabSize());
    EpisodeDataset.Builder b = new EpisodeDataset.Builder(16, 0, 3);
    Rng rng = new Rng(3);
    for (int e = 0; e < 16; e++) {
      boolean left = e % 2 == 0;
      List<byte[]> img = new ArrayList<>();
      List<float[]> act = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        byte[] px = new byte[16 * 16 * 3];
        for (int i = 0; i < px.length; i++) {
          px[i] = (byte) rng.nextInt(256);
        }
        img.add(px);
        act.add(left ? new float[] {-0.5f, 0.25f, 1f} : new float[] {0.5f, -0.25f, -1f});
      }
      b.add(left ? "push the red block" : "reach the blue block", "x", true, img, List.of(), act);
    }
    EpisodeDataset data = b.build();
    SftConfig cfg = VlaFixtures.config(Map.of("sft", Map.of("epochs", 30, "batch_size", 16,
        "learning_rate", 3e-3))).sft();
    try (VlaPolicy p = new VlaPolicy(arch, VlaConfig.Decoding.AUTOREGRESSIVE, true, 1.0, 1)) {
      Map<String, Double> m = SftTrainer.train(p, data, cfg, 7, null);
      assertEquals(120.0, m.get("steps")); // 64 steps / 16 per batch × 30 epochs
      assertTrue(m.get("label_prob") > 0.5, "label probability " + m);
      assertEquals(-0.5f, p.stats().q01()[0], 1e-6f); // q01/q99 of {-0.5, 0.5}
      assertEquals(0.5f, p.stats().q99()[0], 1e-6f);
      Observations obs = data.observations(new int[] {0, 4});
      PolicyStep s = p.act(obs, true, null);
      float[] a = s.actions().toFloatArray();
      // actions come back through the statistics: normalized bins, unnormalized to the data range
      assertEquals(-0.5f, a[0], 0.01f);
      assertEquals(0.5f, a[3], 0.01f);
      assertEquals(1f, a[2], 0.01f);
      assertEquals(-1f, a[5], 0.01f);
    }
  }

  @Test
  void demonstrationsOfAnotherImageSizeAreAUserErrorNamingBothSizes() {
    VlaArch arch =
        new VlaArch(16, 4, 2, false, true, true, true, true, false, 16, 1, 2, 32, 2, 4, 48, 16, 0, 32, 1, 3, InstructionTokenizer.vocabSize());
    EpisodeDataset.Builder b = new EpisodeDataset.Builder(8, 0, 3); // 8 px images for a 16 px policy
    b.add("reach the blue block", "x", true, List.of(new byte[8 * 8 * 3]), List.of(), List.of(new float[3]));
    SftConfig cfg = VlaFixtures.config(Map.of()).sft();
    try (VlaPolicy p = new VlaPolicy(arch, VlaConfig.Decoding.AUTOREGRESSIVE, true, 1.0, 1)) {
      UserException e = assertThrows(UserException.class, () -> SftTrainer.train(p, b.build(), cfg, 7, null));
      assertTrue(e.getMessage().startsWith("demonstrations of 8px images, proprio 0, 3 action dims do not fit a "
          + "policy of 16px"), e.getMessage());
    }
  }
}
