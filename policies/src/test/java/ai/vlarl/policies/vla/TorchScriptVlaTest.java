package ai.vlarl.policies.vla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.PolicyStep;
import ai.vlarl.policies.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TorchScript policy against the Java {@link VlaPolicy} holding the same weights: equal
 * action-token logits and values (max abs difference ≤ 1e-4), equal greedy tokens and actions,
 * equal sampled tokens from equal {@link Rng} states, for parallel decoding (an export made at
 * random by the reference, its {@code weights.safetensors} imported into Java through {@link
 * WeightImport}) and autoregressive decoding (weights written by Java, exported with {@code
 * --weights}: the vlarl → TorchScript path). Batches mix instructions of different lengths, so
 * left padding and position ids are exercised.
 */
class TorchScriptVlaTest {
  static final double TOLERANCE = 1e-4;

  @BeforeAll
  static void needsTorch() {
    TorchScriptExports.requireTorch();
  }

  static TorchScriptVla load(Path dir, VlaArch arch, double temperature) {
    EnvSpec env = Fixtures.imageEnv(arch.imageSize(), arch.proprioDim(), false, 1, arch.actionDim(), 4);
    return (TorchScriptVla) new TorchScriptVlaFactory()
        .create(new TorchScriptVlaConfig(dir.toString(), temperature, true), env, 0);
  }

  @Test
  void parallelExportMatchesTheJavaModelOnItsImportedWeights() throws IOException {
    Path dir = TorchScriptExports.randomParallel();
    VlaArch arch = TorchScriptExports.PARALLEL_ARCH;
    try (TorchScriptVla ts = load(dir, arch, 1.0);
        VlaPolicy java = new VlaPolicy(arch, VlaConfig.Decoding.PARALLEL, true, 1.0, 1)) {
      WeightImport.load(java, dir.resolve("weights.safetensors"));
      assertEquals(arch, ts.arch());
      assertEquals(VlaConfig.Decoding.PARALLEL, ts.export().decoding());
      compare(ts, java, VlaFixtures.obs(arch, 5, 21));
    }
  }

  @Test
  void autoregressiveExportOfJavaWeightsMatchesTheJavaModel() throws IOException {
    Path dir = TorchScriptExports.javaAutoregressive();
    VlaArch arch = TorchScriptExports.AUTOREGRESSIVE_ARCH;
    try (TorchScriptVla ts = load(dir, arch, 1.0);
        VlaPolicy java = new VlaPolicy(arch, VlaConfig.Decoding.AUTOREGRESSIVE, true, 1.0, 1)) {
      VlaCheckpoints.load(java, dir.resolve("policy.params"));
      assertEquals(VlaConfig.Decoding.AUTOREGRESSIVE, ts.export().decoding());
      // the statistics travelled through vla.json: q01/q99 of dimension 1, mask of dimension 2
      assertEquals(-0.2f, ts.stats().q01()[1]);
      assertEquals(0.8f, ts.stats().q99()[1]);
      assertEquals(false, ts.stats().mask()[2]);
      compare(ts, java, VlaFixtures.obs(arch, 4, 22));
    }
  }

  @Test
  void temperatureScalesTheSampledLogProbsAsInTheJavaPolicy() throws IOException {
    Path dir = TorchScriptExports.randomParallel();
    VlaArch arch = TorchScriptExports.PARALLEL_ARCH;
    try (TorchScriptVla ts = load(dir, arch, 2.5);
        VlaPolicy java = new VlaPolicy(arch, VlaConfig.Decoding.PARALLEL, true, 2.5, 1)) {
      WeightImport.load(java, dir.resolve("weights.safetensors"));
      Observations obs = VlaFixtures.obs(arch, 3, 23);
      PolicyStep a = ts.act(obs, false, new Rng(4));
      PolicyStep b = java.act(obs, false, new Rng(4));
      assertArrayEquals(b.tokens().toIntArray(), a.tokens().toIntArray());
      assertClose(b.tokenLogProb().toFloatArray(), a.tokenLogProb().toFloatArray(), "log-probs at T=2.5");
    }
  }

  private static void compare(TorchScriptVla ts, VlaPolicy java, Observations obs) {
    int n = obs.size() * ts.arch().actionTokens();
    int[] teacher = new int[n];
    Rng r = new Rng(9);
    for (int i = 0; i < n; i++) {
      teacher[i] = r.nextInt(256);
    }
    float[][] a = ts.logitsAndValues(obs, teacher);
    float[][] b = java.logitsAndValues(obs, teacher);
    assertEquals(obs.size() * ts.arch().actionTokens() * 256, a[0].length);
    double logitDiff = maxAbsDiff(a[0], b[0]);
    double valueDiff = maxAbsDiff(a[1], b[1]);
    System.out.printf("torchscript %s vs java: max |logit diff| %.2e, max |value diff| %.2e%n",
        ts.export().decoding(), logitDiff, valueDiff);
    assertTrue(logitDiff <= TOLERANCE, "max abs logit difference " + logitDiff);
    assertTrue(valueDiff <= TOLERANCE, "max abs value difference " + valueDiff);
    assertTrue(spread(b[0]) > 0.1, "logits too flat to compare meaningfully");
    assertTrue(spread(b[1]) > 1e-3, "values too flat to compare meaningfully");
    assertClose(b[1], ts.value(obs), "value()");

    PolicyStep ga = ts.act(obs, true, null);
    PolicyStep gb = java.act(obs, true, null);
    assertArrayEquals(gb.tokens().toIntArray(), ga.tokens().toIntArray(), "greedy tokens");
    assertArrayEquals(gb.actions().toFloatArray(), ga.actions().toFloatArray(), "greedy actions");
    assertClose(gb.value(), ga.value(), "act() values");
    assertClose(gb.tokenLogProb().toFloatArray(), ga.tokenLogProb().toFloatArray(), "greedy log-probs");

    PolicyStep sa = ts.act(obs, false, new Rng(77));
    PolicyStep sb = java.act(obs, false, new Rng(77));
    assertArrayEquals(sb.tokens().toIntArray(), sa.tokens().toIntArray(), "sampled tokens");
    assertClose(sb.tokenLogProb().toFloatArray(), sa.tokenLogProb().toFloatArray(), "sampled log-probs");
  }

  static void assertClose(float[] want, float[] got, String what) {
    assertEquals(want.length, got.length, what + ": lengths");
    double d = maxAbsDiff(want, got);
    assertTrue(d <= TOLERANCE, what + ": max abs difference " + d);
  }

  static double maxAbsDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  private static double spread(float[] a) {
    float lo = Float.MAX_VALUE;
    float hi = -Float.MAX_VALUE;
    for (float x : a) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    return hi - lo;
  }
}
