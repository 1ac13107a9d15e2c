package ai.vlarl.policies.vla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.Observations;
import com.google.gson.Gson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java VLA against the PyTorch reference ({@code policies/python/vlarl_vla_ref}): the
 * reference initializes the same architecture at random, writes its weights as safetensors with
 * OpenVLA's module names, and computes action-token logits (both decoding modes) and values for
 * a few rows, one row at a time; the Java model loaded through {@link WeightImport}'s name
 * mapping reproduces them for the whole batch (padding, positions and masks included) within
 * 1e-4. Skipped, saying why, only when the interpreter cannot import torch (CI installs Debian's
 * {@code python3-torch}; see {@link TorchPython}).
 */
class PyTorchParityTest {
  private static final double TOLERANCE = 1e-4;
  private static final List<String> INSTRUCTIONS =
      List.of(
          "reach the red block",
          "pick up the green cube and place it on the orange plate",
          "Push the purple block into the Red zone.",
          "grab the magenta widget");

  @BeforeAll
  static void needsTorch() {
    String why = TorchPython.unavailable();
    if (why != null) {
      System.err.println(
          "PyTorchParityTest SKIPPED: no PyTorch at " + TorchPython.interpreter() + " (" + why
              + "); install Debian's python3-torch + libopenblas0-pthread or set"
              + " VLARL_TORCH_PYTHON");
    }
    Assumptions.assumeTrue(why == null, "PyTorch unavailable at " + TorchPython.interpreter() + ": " + why);
  }

  private static VlaArch arch(boolean fused, boolean convStem, int pool, int proprio) {
    return arch(fused, convStem, pool, proprio, false, convStem);
  }

  private static VlaArch arch(
      boolean fused, boolean convStem, int pool, int proprio, boolean wrist, boolean filmOrder) {
    return new VlaArch(
        16, 4, pool, fused, convStem, convStem, convStem, filmOrder, wrist, 16, 1, 2, 32, 2, 4, 48, 16, proprio, 32, 2, 3,
        InstructionTokenizer.vocabSize());
  }

  @Test
  void fusedConvStemPooledWithProprio(@TempDir Path dir) throws IOException {
    check(arch(true, true, 2, 5), dir, 1);
  }

  @Test
  void wristImageStackedAfterTheCamera(@TempDir Path dir) throws IOException {
    check(arch(false, true, 2, 5, true, false), dir, 3); // and FiLM of the plain mean
  }

  @Test
  void singleLinearTowerUnpooledWithoutProprio(@TempDir Path dir) throws IOException {
    check(arch(false, false, 1, 0), dir, 2);
  }

  private static void check(VlaArch arch, Path dir, int seed) throws IOException {
    Gson gson = new Gson();
    TorchPython.Result r =
        TorchPython.run(
            List.of(
                TorchPython.referenceDir().resolve("vlarl_vla_ref/parity.py").toString(),
                "--arch", gson.toJson(arch.toMap()),
                "--out", dir.toString(),
                "--seed", String.valueOf(seed),
                "--instructions", gson.toJson(INSTRUCTIONS)),
            300);
    assertEquals(0, r.exit(), "reference failed:\n" + r.output());

    Safetensors.Contents in = Safetensors.read(dir.resolve("inputs.safetensors"));
    Safetensors.Contents out = Safetensors.read(dir.resolve("outputs.safetensors"));
    int b = INSTRUCTIONS.size();
    // the Python tokenizer, written separately, must agree with the Java one
    int[][] pyPrompts = gson.fromJson(in.metadata().get("prompt_ids"), int[][].class);
    for (int i = 0; i < b; i++) {
      assertArrayEquals(InstructionTokenizer.INSTANCE.encodePrompt(INSTRUCTIONS.get(i)), pyPrompts[i]);
    }
    int s = arch.imageSize();
    byte[] img = in.tensors().get("image").toBytes();
    HostArray proprio =
        arch.proprioDim() > 0
            ? HostArray.ofFloats(in.tensors().get("proprio").toFloats(), b, arch.proprioDim())
            : null;
    Observations obs =
        new Observations(
            b, null, HostArray.ofBytes(img, b, s, s, 3),
            arch.wrist() ? HostArray.ofBytes(in.tensors().get("wrist").toBytes(), b, s, s, 3) : null,
            proprio,
            INSTRUCTIONS.toArray(String[]::new), null);
    int[] tokens = in.tensors().get("tokens").toInts();

    for (VlaConfig.Decoding d : VlaConfig.Decoding.values()) {
      try (VlaPolicy p = new VlaPolicy(arch, d, true, 1.0, 99)) {
        VlaCheckpoints.load(p, dir.resolve("model.safetensors"));
        float[][] java = p.logitsAndValues(obs, tokens);
        String key = d == VlaConfig.Decoding.PARALLEL ? "logits_parallel" : "logits_autoregressive";
        float[] ref = out.tensors().get(key).toFloats();
        assertEquals(ref.length, java[0].length);
        double maxDiff = maxAbsDiff(ref, java[0]);
        double maxValueDiff = maxAbsDiff(out.tensors().get("value").toFloats(), java[1]);
        System.out.printf("parity %s fused=%s conv stem=%s film order=%s wrist=%s pool=%d proprio=%d: max |logit diff| %.2e, max |value diff| %.2e%n",
            d, arch.fused(), arch.convStem(), arch.filmOrder(), arch.wrist(), arch.pool(), arch.proprioDim(), maxDiff, maxValueDiff);
        assertTrue(maxDiff <= TOLERANCE, d + ": max abs logit difference " + maxDiff);
        assertTrue(maxValueDiff <= TOLERANCE, d + ": max abs value difference " + maxValueDiff);
        assertTrue(spread(ref) > 0.1, "reference logits are too flat to compare meaningfully");
        // the action statistics came along in the metadata
        assertEquals(-0.4f, p.stats().q01()[1], 1e-6f);
        assertEquals(false, p.stats().mask()[2]);
      }
    }
  }

  private static double maxAbsDiff(float[] a, float[] b) {
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
