package ai.vlarl.policies.vla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.Evaluation;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The network's structure: sizes, initialization, gradients, memory, input checks. */
class VlaNetworkTest {

  @Test
  void parameterCountFormulaMatchesTheBuiltNetwork() {
    for (boolean fused : new boolean[] {false, true}) {
      for (int proprio : new int[] {0, 5}) {
        VlaArch a = VlaFixtures.arch(fused, proprio, 2);
        try (VlaPolicy p = VlaFixtures.policy(a, VlaConfig.Decoding.PARALLEL, 1)) {
          assertEquals(a.parameterCount(), p.parameterCount(), "fused=" + fused + " proprio=" + proprio);
        }
      }
    }
    // the documented sizes (VlaSize's table): 64×64 images, patch 8, dim 4, chunk 1
    for (VlaSize s : VlaSize.values()) {
      VlaArch a = VlaPolicyFactory.arch(VlaFixtures.config(java.util.Map.of("size", s.name())), 64, 0, 4);
      assertEquals(VlaSize.documentedParameters(s), a.parameterCount(), s.name());
    }
    try (VlaPolicy tiny =
        VlaFixtures.policy(
            VlaPolicyFactory.arch(VlaFixtures.config(java.util.Map.of()), 64, 0, 4),
            VlaConfig.Decoding.PARALLEL,
            1)) {
      assertEquals(VlaSize.documentedParameters(VlaSize.TINY), tiny.parameterCount());
    }
  }

  @Test
  void theWristImageIsThreeMoreStemChannelsAndChangesTheOutputs() {
    VlaArch plain = VlaFixtures.arch(false, 0, 1);
    VlaArch wrist = VlaFixtures.withWrist(plain);
    assertEquals(6, wrist.imageChannels());
    // only stem.0's weight grows: c1 = w/4 = 4 filters of 3×3 over 3 more channels
    assertEquals(plain.parameterCount() + 4 * 3 * 9, wrist.parameterCount());
    try (VlaPolicy p = VlaFixtures.policy(wrist, VlaConfig.Decoding.PARALLEL, 1)) {
      assertEquals(wrist.parameterCount(), p.parameterCount());
      assertArrayEquals(new long[] {4, 6, 3, 3}, shapeOf(p, p.parameters().keys().get(0)));
      Observations a = VlaFixtures.obs(wrist, 3, 5);
      Observations b = VlaFixtures.obs(wrist, 3, 5);
      int[] tokens = new int[3 * wrist.actionTokens()];
      float[] la = p.logitsAndValues(a, tokens)[0];
      assertArrayEquals(la, p.logitsAndValues(b, tokens)[0]); // same inputs, same logits
      byte[] other = b.wristImage().toByteArray();
      for (int i = 0; i < other.length; i++) {
        other[i] = (byte) (255 - (other[i] & 0xFF));
      }
      Observations c = new Observations(3, null, a.image(), HostArray.ofBytes(other, 3, 16, 16, 3),
          a.proprio(), a.instructions(), null);
      assertTrue(maxAbsDiff(la, p.logitsAndValues(c, tokens)[0]) > 1e-4, "the wrist image is not read");
      Observations none = new Observations(3, null, a.image(), null, a.proprio(), a.instructions(), null);
      var e = assertThrows(IllegalArgumentException.class, () -> p.logitsAndValues(none, tokens));
      assertTrue(e.getMessage().contains("expects wristImage UINT8[N, 16, 16, 3], got none"), e.getMessage());
    }
  }

  @Test
  void momentWeightsRunFromMinusOneToPlusOneOverTheInstruction() {
    VlaArch arch = VlaFixtures.arch(false, 0, 1);
    // "push the red block" (4 words) and "reach" (1 word), left-padded to the longer prompt
    Observations obs = new Observations(2, null, VlaFixtures.obs(arch, 2, 1).image(), null, null,
        new String[] {"push the red block", "reach"}, null);
    VlaInputs in = VlaInputs.of(arch, obs);
    try (NDManager m = NDManager.newBaseManager()) {
      float[] w = in.instructionMomentWeights(m).toFloatArray();
      float[] mean = in.instructionMeanWeights(m).toFloatArray();
      int cols = 1 + in.promptLen;
      int before = InstructionTokenizer.templatePrefixTokens();
      int after = InstructionTokenizer.templateSuffixTokens();
      // row 0: places -1, -1/3, +1/3, +1 over 4 words, each / 4
      int start0 = cols - after - 4;
      assertArrayEquals(new float[] {-0.25f, -1f / 12, 1f / 12, 0.25f},
          Arrays.copyOfRange(w, start0, start0 + 4), 1e-6f);
      assertEquals(0.25f, mean[start0], 1e-6f);
      // row 1: one word, place 0; every other column of both rows (BOS, pads, template) 0
      int start1 = cols + cols - after - 1;
      double others = 0;
      for (int k = 0; k < w.length; k++) {
        boolean word = (k >= start0 && k < start0 + 4) || k == start1;
        others += word ? 0 : Math.abs(w[k]);
      }
      assertEquals(0f, w[start1], 0f);
      assertEquals(1f, mean[start1], 1e-6f);
      assertEquals(0.0, others, 0.0);
      assertTrue(before > 0);
    }
  }

  @Test
  void filmOrderTellsWhichColorIsTheBlocksTheBagOfWordsDoesNot() {
    for (boolean order : new boolean[] {false, true}) {
      VlaArch base = VlaFixtures.arch(false, 0, 1);
      VlaArch arch = new VlaArch(base.imageSize(), base.patch(), base.pool(), base.fused(),
          base.convStem(), true, base.keypoints(), order, false, base.visionWidth(),
          base.visionLayers(), base.visionHeads(), base.width(), base.layers(), base.heads(),
          base.mlpHidden(), base.valueHidden(), 0, base.maxPromptTokens(), 1, base.actionDim(),
          base.vocabSize());
      try (VlaPolicy p = VlaFixtures.policy(arch, VlaConfig.Decoding.PARALLEL, 1);
          NDManager m = NDManager.newBaseManager()) {
        Rng rng = new Rng(3);
        for (var e : p.parameters()) {
          if (e.getKey().contains("film")) { // FiLM starts as the identity: give it weights
            NDArray w = e.getValue().getArray();
            float[] r = new float[(int) w.size()];
            for (int i = 0; i < r.length; i++) {
              r[i] = (float) rng.uniform(-1, 1);
            }
            w.set(r);
          }
        }
        Observations one = VlaFixtures.obs(arch, 1, 4);
        float[][] kp = new float[2][];
        String[] instr = {"push the red block into the blue zone", "push the blue block into the red zone"};
        for (int i = 0; i < 2; i++) {
          Observations o = new Observations(1, null, one.image(), null, null, new String[] {instr[i]}, null);
          kp[i] = p.network().prefix(m, VlaInputs.of(arch, o), 0).keypoints().toFloatArray();
        }
        double diff = maxAbsDiff(kp[0], kp[1]);
        if (order) {
          assertTrue(diff > 1e-3, "film order: swapped colors give the same keypoints");
        } else {
          assertEquals(0.0, diff, 1e-6, "a bag of words cannot tell the two apart");
        }
      }
    }
  }

  @Test
  void checkpointsWrittenBeforeTheWristOptionStillFit() {
    VlaArch plain = VlaFixtures.arch(false, 0, 1);
    java.util.Map<String, String> old = new java.util.LinkedHashMap<>();
    plain.toMap().forEach((k, v) -> old.put(k, String.valueOf(v)));
    old.remove("wrist");
    assertEquals(null, plain.mismatch(old));
    // absent reads as false: a wrist policy does not take it
    assertEquals("wrist: false in the checkpoint vs true here", VlaFixtures.withWrist(plain).mismatch(old));
  }

  private static long[] shapeOf(VlaPolicy p, String name) {
    for (var e : p.parameters()) {
      if (e.getKey().equals(name) && name.endsWith("stem.0.weight")) {
        return e.getValue().getArray().getShape().getShape();
      }
    }
    throw new AssertionError("no parameter " + name);
  }

  private static double maxAbsDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  @Test
  void namesFollowTheReferenceModules() {
    VlaArch a = VlaFixtures.arch(true, 5, 1);
    try (VlaPolicy p = VlaFixtures.policy(a, VlaConfig.Decoding.PARALLEL, 1)) {
      List<String> names = p.parameters().keys();
      assertEquals("vision.dino.stem.0.weight", names.get(0));
      assertTrue(names.contains("vision.dino.patch_embed.weight"));
      assertTrue(names.contains("vision.siglip.blocks.0.attn.qkv.weight"));
      assertTrue(names.contains("projector.fc3.bias"));
      assertTrue(names.contains("proprio_projector.fc2.weight"));
      assertTrue(names.contains("llm.layers.1.mlp.down_proj.weight"));
      assertEquals("value_head.fc2.bias", names.get(names.size() - 1));
      long[] head = p.network().namedParameters().get("action_head.weight").getArray().getShape().getShape();
      assertArrayEquals(new long[] {256, 32}, head);
    }
  }

  @Test
  void sameSeedSameWeightsOtherSeedOtherWeights() {
    VlaArch a = VlaFixtures.arch(false, 0, 1);
    try (VlaPolicy x = VlaFixtures.policy(a, VlaConfig.Decoding.PARALLEL, 42);
        VlaPolicy y = VlaFixtures.policy(a, VlaConfig.Decoding.PARALLEL, 42);
        VlaPolicy z = VlaFixtures.policy(a, VlaConfig.Decoding.PARALLEL, 43)) {
      for (int i = 0; i < x.parameters().size(); i++) {
        float[] wx = x.parameters().valueAt(i).getArray().toFloatArray();
        assertArrayEquals(wx, y.parameters().valueAt(i).getArray().toFloatArray());
        String name = x.parameters().keyAt(i);
        if (name.endsWith("weight") && !name.contains("norm") && !name.contains("film")) {
          assertNotEquals(
              Arrays.hashCode(wx),
              Arrays.hashCode(z.parameters().valueAt(i).getArray().toFloatArray()),
              name);
        }
      }
    }
  }

  @Test
  void gradientsReachEveryParameterInBothModes() {
    VlaArch a = VlaFixtures.arch(true, 5, 2);
    for (VlaConfig.Decoding d : VlaConfig.Decoding.values()) {
      try (VlaPolicy p = VlaFixtures.policy(a, d, 9)) {
        Observations obs = VlaFixtures.obs(a, 4, 10);
        HostArray tokens = p.act(obs, false, new Rng(1)).tokens();
        int before = p.manager().getManagedArrays().size();
        try (NDManager m = NDManager.newBaseManager();
            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          Evaluation e = p.evaluate(m, obs, tokens);
          gc.backward(e.tokenLogProb().sum().add(e.tokenEntropy().sum()).add(e.value().sum()));
        }
        for (var entry : p.network().namedParameters().entrySet()) {
          Parameter param = entry.getValue();
          try (NDArray g = param.getArray().getGradient()) {
            float max = 0;
            for (float x : g.toFloatArray()) {
              max = Math.max(max, Math.abs(x));
            }
            assertTrue(max > 0, d + ": no gradient reached " + entry.getKey());
          }
        }
        assertEquals(before, p.manager().getManagedArrays().size(), "arrays leaked");
      }
    }
  }

  @Test
  void actAndValueLeaveNoArraysBehind() {
    VlaArch a = VlaFixtures.arch(false, 5, 2);
    for (VlaConfig.Decoding d : VlaConfig.Decoding.values()) {
      try (VlaPolicy p = VlaFixtures.policy(a, d, 1)) {
        Observations obs = VlaFixtures.obs(a, 3, 2);
        assertEquals(p.parameters().size(), p.manager().getManagedArrays().size());
        for (int i = 0; i < 5; i++) {
          p.act(obs, i % 2 == 0, new Rng(i));
          p.act(obs, false, new Rng(i), false);
          p.value(obs);
          p.logitsAndValues(obs, null);
        }
        assertEquals(p.parameters().size(), p.manager().getManagedArrays().size(), d.name());
      }
    }
  }

  @Test
  void badObservationsAreRefusedNamingTheField() {
    VlaArch a = VlaFixtures.arch(false, 5, 1);
    try (VlaPolicy p = VlaFixtures.policy(a, VlaConfig.Decoding.PARALLEL, 1)) {
      Observations ok = VlaFixtures.obs(a, 2, 1);
      HostArray big = HostArray.allocate(ai.vlarl.framework.core.DType.UINT8, 2, 32, 32, 3);
      var e1 =
          assertThrows(
              IllegalArgumentException.class,
              () -> p.act(new Observations(2, null, big, null, ok.proprio(), ok.instructions(), null), true, null));
      assertTrue(e1.getMessage().contains("image UINT8[N, 16, 16, 3]"), e1.getMessage());
      var e2 =
          assertThrows(
              IllegalArgumentException.class,
              () -> p.act(withInstructions(ok, "reach the red block", "  "), true, null));
      assertEquals("instruction of row 1 is empty", e2.getMessage());
      String longOne = "move the red block " + "and then the blue block ".repeat(5);
      var e3 =
          assertThrows(
              IllegalArgumentException.class,
              () -> p.value(withInstructions(ok, longOne, "reach the red block")));
      assertTrue(e3.getMessage().startsWith("instruction of row 0 is too long: its prompt has 42 tokens"),
          e3.getMessage());
      var e4 =
          assertThrows(
              IllegalArgumentException.class,
              () -> p.act(new Observations(2, null, ok.image(), null, null, ok.instructions(), null), true, null));
      assertTrue(e4.getMessage().contains("proprio FLOAT32[N, 5]"), e4.getMessage());
    }
  }

  private static Observations withInstructions(Observations o, String... instr) {
    return new Observations(o.size(), null, o.image(), null, o.proprio(), instr, null);
  }
}
