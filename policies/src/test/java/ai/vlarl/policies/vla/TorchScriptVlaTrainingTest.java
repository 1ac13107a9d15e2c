package ai.vlarl.policies.vla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.Evaluation;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.policy.PolicyStep;
import ai.vlarl.framework.rl.Ppo;
import ai.vlarl.framework.rl.PpoConfig;
import ai.vlarl.framework.rl.Rollout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Training a TorchScript VLA through DJL: with {@code trainParam} the module's parameters carry
 * gradients equal to the Java model's (same weights, same loss), the framework's PPO learner
 * updates them in place (the module's outputs move toward rewarded tokens), and checkpoints
 * round-trip the updated weights exactly.
 */
class TorchScriptVlaTrainingTest {
  @BeforeAll
  static void needsTorch() {
    TorchScriptExports.requireTorch();
  }

  private static TorchScriptVla parallel(double temperature) {
    return TorchScriptVlaTest.load(TorchScriptExports.randomParallel(), TorchScriptExports.PARALLEL_ARCH, temperature);
  }

  /** loss = Σ log p(token) + Σ value + 0.1 Σ entropy, backward; gradients by parameter name. */
  private static Map<String, float[]> gradients(Policy p, Observations obs, HostArray tokens) {
    Map<String, float[]> out = new HashMap<>();
    try (NDManager m = NDManager.newBaseManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      Evaluation e = p.evaluate(m, obs, tokens);
      NDArray entropy = e.tokenEntropy().sum();
      NDArray loss = e.tokenLogProb().sum().add(e.value().sum())
          .add(entropy.mul(m.full(entropy.getShape(), 0.1f)));
      gc.backward(loss);
      for (Pair<String, Parameter> q : p.parameters()) {
        NDArray g = q.getValue().getArray().getGradient();
        out.put(q.getKey(), g.toFloatArray());
        g.subi(g);
        g.close();
      }
    }
    return out;
  }

  @Test
  void gradientsThroughTheTorchScriptModuleEqualTheJavaModels() throws IOException {
    VlaArch arch = TorchScriptExports.PARALLEL_ARCH;
    try (TorchScriptVla ts = parallel(1.5);
        VlaPolicy java = new VlaPolicy(arch, VlaConfig.Decoding.PARALLEL, true, 1.5, 1)) {
      WeightImport.load(java, TorchScriptExports.randomParallel().resolve("weights.safetensors"));
      Observations obs = VlaFixtures.obs(arch, 3, 31);
      int[] t = new int[3 * arch.actionTokens()];
      Rng r = new Rng(2);
      for (int i = 0; i < t.length; i++) {
        t[i] = r.nextInt(256);
      }
      HostArray tokens = HostArray.ofInts(t, 3, arch.chunk(), arch.actionDim());
      Map<String, float[]> gt = gradients(ts, obs, tokens);
      Map<String, float[]> gj = gradients(java, obs, tokens);
      int d = arch.width();
      int vocab = arch.vocabSize();
      double worst = 0;
      for (Map.Entry<String, float[]> e : gt.entrySet()) {
        String ref = e.getKey().substring("vla.".length());
        float[] ours = e.getValue();
        float[] want;
        if (ref.equals("language_model.lm_head.weight")) {
          // rows V-1 .. V-256 are the action tokens' (Java's action_head rows 0..255); the rest
          // of the vocabulary never reaches the loss
          float[] head = gj.get("action_head.weight");
          want = new float[vocab * d];
          for (int tok = 0; tok < 256; tok++) {
            System.arraycopy(head, tok * d, want, (vocab - 1 - tok) * d, d);
          }
        } else {
          String javaName = WeightImport.map(ref, arch.fused());
          want = gj.get(javaName);
          assertTrue(want != null, e.getKey() + " -> " + javaName + " has no Java gradient");
        }
        double scale = Math.max(1, Arrays.stream(box(want)).map(Math::abs).max().orElse(0));
        double diff = TorchScriptVlaTest.maxAbsDiff(want, ours) / scale;
        worst = Math.max(worst, diff);
        assertTrue(diff <= 1e-4, e.getKey() + ": gradient differs by " + diff + " (relative)");
      }
      assertEquals(gj.size(), gt.size(), "one TorchScript parameter per Java parameter");
      assertTrue(norm(gt.get("vla.value_head.fc2.weight")) > 0, "no gradient reached the value head");
      assertTrue(norm(gt.get("vla.vision_backbone.featurizer.stem.0.weight")) > 0, "none reached the stem");
      System.out.printf("torchscript vs java gradients: max relative difference %.2e over %d tensors%n",
          worst, gt.size());
    }
  }

  private static double[] box(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }

  private static double norm(float[] a) {
    double s = 0;
    for (float x : a) {
      s += x * x;
    }
    return Math.sqrt(s);
  }

  /** Mean probability that dimension 0 of the first action step is positive (token ≥ 128). */
  private static double pPositive(TorchScriptVla p, Observations obs) {
    float[] logits = p.logitsAndValues(obs, null)[0];
    int per = p.arch().actionTokens() * 256;
    double sum = 0;
    for (int i = 0; i < obs.size(); i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < 256; k++) {
        max = Math.max(max, logits[i * per + k]);
      }
      double z = 0;
      double pos = 0;
      for (int k = 0; k < 256; k++) {
        double e = Math.exp(logits[i * per + k] - max);
        z += e;
        pos += k >= 128 ? e : 0;
      }
      sum += pos / z;
    }
    return sum / obs.size();
  }

  @Test
  void ppoTrainsTheTorchScriptModuleAndCheckpointsRoundTrip() throws IOException {
    VlaArch arch = TorchScriptExports.PARALLEL_ARCH;
    PpoConfig cfg = new ConfigBinder((s, k) -> null).bind(PpoConfig.class,
        Map.of("learning_rate", 2e-2, "minibatches", 2, "epochs", 2, "anneal_lr", false, "max_grad_norm", 1.0));
    byte[] trained;
    float[][] after;
    Observations obs = VlaFixtures.obs(arch, 8, 5);
    try (TorchScriptVla p = parallel(1.0);
        Ppo ppo = new Ppo(cfg, p)) {
      assertTrue(p.parameters().keys().stream().anyMatch(k -> k.contains("value_head")));
      double before = pPositive(p, obs);
      Rng rng = new Rng(1);
      for (int iter = 0; iter < 6; iter++) {
        Rollout r = new Rollout(2, 8, arch.chunk(), arch.actionDim());
        for (int t = 0; t < 2; t++) {
          PolicyStep s = p.act(obs, false, rng);
          r.addDecision(obs, s);
          float[] reward = new float[8];
          for (int i = 0; i < 8; i++) {
            // one-step episodes: reward 1 when the first action dimension is positive
            reward[i] = s.actions().getFloat(i * arch.actionTokens()) > 0 ? 1f : 0f;
          }
          boolean[] done = new boolean[8];
          Arrays.fill(done, true);
          r.addOutcome(reward, done, done, new float[8]);
        }
        Map<String, Double> m = ppo.update(r, rng, 0);
        assertTrue(Double.isFinite(m.get("loss")), "loss " + m);
        assertTrue(m.get("grad_norm") > 0, "no gradient: " + m);
      }
      double afterP = pPositive(p, obs);
      System.out.printf("PPO on the TorchScript VLA: P(rewarded) %.3f -> %.3f%n", before, afterP);
      assertTrue(afterP > before + 0.08, "P(rewarded) went from " + before + " to " + afterP);
      after = p.logitsAndValues(obs, null);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      p.saveParameters(new DataOutputStream(bytes));
      trained = bytes.toByteArray();
    }
    try (TorchScriptVla fresh = parallel(1.0)) {
      float[][] untrained = fresh.logitsAndValues(obs, null);
      assertFalse(Arrays.equals(untrained[0], after[0]), "training changed nothing");
      fresh.loadParameters(new DataInputStream(new ByteArrayInputStream(trained)));
      float[][] restored = fresh.logitsAndValues(obs, null);
      assertArrayEquals(after[0], restored[0], "restored logits, bit for bit");
      assertArrayEquals(after[1], restored[1], "restored values, bit for bit");
      // weights of another architecture are refused before anything is copied, naming the field
      ByteArrayOutputStream foreign = new ByteArrayOutputStream();
      com.google.gson.JsonObject a = new com.google.gson.JsonObject();
      TorchScriptExports.AUTOREGRESSIVE_ARCH.toMap().forEach((k, v) -> a.addProperty(k, String.valueOf(v)));
      Safetensors.write(foreign, Map.of("format", TorchScriptWeights.FORMAT, "arch", a.toString()), Map.of());
      IOException e = assertThrows(IOException.class,
          () -> fresh.loadParameters(new DataInputStream(new ByteArrayInputStream(foreign.toByteArray()))));
      assertTrue(e.getMessage().contains("another VLA architecture") && e.getMessage().contains("fused"),
          e.getMessage());
      // and so are weights with a tensor missing, naming it
      Safetensors.Contents c = Safetensors.read(new ByteArrayInputStream(trained), "trained");
      Map<String, Safetensors.Tensor> fewer = new java.util.LinkedHashMap<>(c.tensors());
      fewer.remove("vla.value_head.fc2.bias");
      ByteArrayOutputStream lacking = new ByteArrayOutputStream();
      Safetensors.writeTensors(lacking, c.metadata(), fewer);
      IOException m = assertThrows(IOException.class,
          () -> fresh.loadParameters(new DataInputStream(new ByteArrayInputStream(lacking.toByteArray()))));
      assertTrue(m.getMessage().contains("missing tensor 'vla.value_head.fc2.bias' [1]"), m.getMessage());
      assertArrayEquals(after[0], fresh.logitsAndValues(obs, null)[0], "a refused load changed nothing");
    }
  }
}
