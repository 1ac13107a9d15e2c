package ai.vlarl.policies.vla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.PolicyStep;
import ai.vlarl.framework.run.CheckpointStore;
import ai.vlarl.framework.run.Trainer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint round trips and the errors of loading weights that do not fit. */
class VlaWeightsTest {
  private static final ActionStats STATS =
      new ActionStats(
          new float[] {-0.3f, 0.1f / 3, -1f}, new float[] {0.7f, 0.9f, 1f}, new boolean[] {true, true, false});

  private static byte[] save(VlaPolicy p) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    p.saveParameters(new DataOutputStream(b));
    return b.toByteArray();
  }

  @Test
  void roundTripReproducesOutputsBitForBit() throws IOException {
    VlaArch arch = VlaFixtures.arch(true, 5, 2);
    for (VlaConfig.Decoding d : VlaConfig.Decoding.values()) {
      try (VlaPolicy a = VlaFixtures.policy(arch, d, 1);
          VlaPolicy b = VlaFixtures.policy(arch, d, 2)) {
        a.setStats(STATS);
        Observations obs = VlaFixtures.obs(arch, 5, 3);
        byte[] bytes = save(a);
        b.loadParameters(new DataInputStream(new ByteArrayInputStream(bytes)));
        PolicyStep sa = a.act(obs, false, new Rng(4));
        PolicyStep sb = b.act(obs, false, new Rng(4));
        assertEquals(sa.tokens(), sb.tokens());
        assertArrayEquals(sa.actions().toFloatArray(), sb.actions().toFloatArray(), 0f);
        assertArrayEquals(sa.tokenLogProb().toFloatArray(), sb.tokenLogProb().toFloatArray(), 0f);
        assertArrayEquals(sa.value(), sb.value(), 0f);
        float[][] la = a.logitsAndValues(obs, null);
        float[][] lb = b.logitsAndValues(obs, null);
        assertArrayEquals(la[0], lb[0], 0f);
        assertEquals(STATS, b.stats());
        assertArrayEquals(bytes, save(b), "re-saving gives the same bytes");
      }
    }
  }

  @Test
  void initLoadsTheLatestCheckpointOfARunDirectory(@TempDir Path run) throws IOException {
    VlaArch arch = VlaFixtures.arch(false, 0, 1);
    try (VlaPolicy a = VlaFixtures.policy(arch, VlaConfig.Decoding.PARALLEL, 5);
        VlaPolicy b = VlaFixtures.policy(arch, VlaConfig.Decoding.PARALLEL, 6)) {
      a.setStats(STATS);
      new CheckpointStore(run)
          .save(
              100,
              dir -> {
                try (OutputStream o = Files.newOutputStream(dir.resolve(Trainer.POLICY_FILE))) {
                  a.saveParameters(new DataOutputStream(o));
                }
              },
              3);
      VlaCheckpoints.load(b, run);
      Observations obs = VlaFixtures.obs(arch, 2, 1);
      assertArrayEquals(a.logitsAndValues(obs, null)[0], b.logitsAndValues(obs, null)[0], 0f);
      Path ckpt = new CheckpointStore(run).latest();
      assertEquals(ckpt.resolve(Trainer.POLICY_FILE), VlaCheckpoints.resolve(ckpt));
      assertEquals(ckpt.resolve(Trainer.POLICY_FILE), VlaCheckpoints.resolve(run));
      var e = assertThrows(IOException.class, () -> VlaCheckpoints.resolve(run.resolve("nope")));
      assertEquals("no such file or directory", e.getMessage());
    }
  }

  @Test
  void theCheckpointOfAnotherPolicyKindIsRefusedNamingIt(@TempDir Path ckpt) throws IOException {
    Files.writeString(ckpt.resolve("config.yaml"), "name: small\npolicy:\n  kind: mlp\n  hidden: 64\n");
    Files.write(ckpt.resolve(Trainer.POLICY_FILE), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}); // DJL params, say
    try (VlaPolicy p = VlaFixtures.policy(VlaFixtures.arch(false, 0, 1), VlaConfig.Decoding.PARALLEL, 5)) {
      var e = assertThrows(IOException.class, () -> VlaCheckpoints.load(p, ckpt));
      assertEquals(ckpt.resolve(Trainer.POLICY_FILE) + " holds the weights of a policy.kind=mlp policy, not a "
          + "VLA's (its checkpoint's config.yaml)", e.getMessage());
    }
  }

  @Test
  void anotherArchitectureIsRefusedNamingTheField() throws IOException {
    try (VlaPolicy wide = VlaFixtures.policy(VlaFixtures.arch(false, 0, 1), VlaConfig.Decoding.PARALLEL, 1);
        VlaPolicy chunked = VlaFixtures.policy(VlaFixtures.arch(false, 0, 2), VlaConfig.Decoding.PARALLEL, 1)) {
      byte[] bytes = save(wide);
      var e =
          assertThrows(
              IOException.class,
              () -> chunked.loadParameters(new DataInputStream(new ByteArrayInputStream(bytes))));
      assertTrue(
          e.getMessage().contains("another VLA architecture — chunk: 1 in the checkpoint vs 2 here"),
          e.getMessage());
    }
  }

  @Test
  void missingOrMisshapedTensorsAreRefusedNamingThem(@TempDir Path dir) throws IOException {
    VlaArch arch = VlaFixtures.arch(false, 0, 1);
    try (VlaPolicy p = VlaFixtures.policy(arch, VlaConfig.Decoding.PARALLEL, 1)) {
      Map<String, Safetensors.F32> t = new LinkedHashMap<>();
      p.network()
          .namedParameters()
          .forEach(
              (k, v) ->
                  t.put(k, new Safetensors.F32(v.getArray().getShape().getShape(), v.getArray().toFloatArray())));
      float[] before = p.network().namedParameters().get("llm.norm.weight").getArray().toFloatArray();
      t.remove("llm.layers.1.mlp.up_proj.weight");
      t.put("value_head.fc2.bias", new Safetensors.F32(new long[] {2}, new float[2]));
      Path f = dir.resolve("bad.safetensors");
      try (OutputStream o = Files.newOutputStream(f)) {
        Safetensors.write(o, VlaWeights.metadata(arch, STATS), t);
      }
      var e = assertThrows(IOException.class, () -> VlaCheckpoints.load(p, f));
      assertTrue(e.getMessage().contains("missing tensor 'llm.layers.1.mlp.up_proj.weight' [48, 32]"), e.getMessage());
      assertTrue(e.getMessage().contains("tensor 'value_head.fc2.bias' has shape [2], the policy needs [1]"), e.getMessage());
      // nothing was loaded
      assertArrayEquals(before, p.network().namedParameters().get("llm.norm.weight").getArray().toFloatArray());
      assertEquals(ActionStats.identity(3), p.stats());

      // a foreign file (no vlarl metadata) goes through the name mapping and names its tensors
      Map<String, Safetensors.F32> foreign = new LinkedHashMap<>();
      foreign.put("language_model.model.norm.weight", new Safetensors.F32(new long[] {32}, new float[32]));
      foreign.put("language_model.model.rotary_emb.inv_freq", new Safetensors.F32(new long[] {4}, new float[4]));
      Path g = dir.resolve("foreign.safetensors");
      try (OutputStream o = Files.newOutputStream(g)) {
        Safetensors.write(o, Map.of(), foreign);
      }
      var e2 = assertThrows(IOException.class, () -> VlaCheckpoints.load(p, g));
      assertTrue(
          e2.getMessage().contains(
              "tensor 'language_model.model.rotary_emb.inv_freq' maps to no parameter (would be 'llm.rotary_emb.inv_freq')"),
          e2.getMessage());
      assertTrue(e2.getMessage().contains("no tensor for 'vision.stem.0.weight' [4, 3, 3, 3]"), e2.getMessage());
    }
  }

  @Test
  void openVlaNamesMapOntoTheVlaParameters() {
    assertEquals("vision.blocks.0.attn.qkv.weight", WeightImport.map("vision_backbone.featurizer.blocks.0.attn.qkv.weight", false));
    assertEquals("vision.dino.patch_embed.weight", WeightImport.map("vision_backbone.featurizer.patch_embed.proj.weight", true));
    assertEquals("vision.siglip.pos_embed", WeightImport.map("vision_backbone.fused_featurizer.pos_embed", true));
    assertEquals("llm.layers.3.self_attn.o_proj.weight", WeightImport.map("language_model.model.layers.3.self_attn.o_proj.weight", false));
    assertEquals("action_head.weight", WeightImport.map("language_model.lm_head.weight", false));
    assertEquals("value_head.fc1.bias", WeightImport.map("value_head.fc1.bias", false));
    assertEquals(null, WeightImport.map("vision_tower.whatever", false));
  }
}
