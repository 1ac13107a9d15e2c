package ai.vlarl.policies.vla;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.nn.Parameter;
import ai.vlarl.framework.core.Rng;
import com.google.gson.Gson;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * TorchScript exports made once per test JVM with {@code policies/python/vlarl_vla_ref/export.py}
 * on Debian's PyTorch ({@link TorchPython}), shared by the TorchScript policy tests:
 *
 * <ul>
 *   <li>{@link #randomParallel()}: {@code --random-seed 3}, parallel decoding, two fused towers
 *       with the conv stem, FiLM, keypoints and proprio (every optional part of the model);
 *       {@code weights.safetensors} holds the same weights with the reference's names;
 *   <li>{@link #javaAutoregressive()}: weights written by a Java {@link VlaPolicy} ({@code
 *       policy.params}, randomized as the reference does), exported with {@code --weights},
 *       autoregressive decoding, one tower with the linear stem, no proprio.
 * </ul>
 *
 * Tests call {@link #requireTorch()} first: skipped, saying why, only without PyTorch.
 */
final class TorchScriptExports {
  static final VlaArch PARALLEL_ARCH = VlaFixtures.arch(true, 5, 2, true);
  static final VlaArch AUTOREGRESSIVE_ARCH = VlaFixtures.arch(false, 0, 2, false);
  private static final Map<String, Path> MADE = new HashMap<>();
  private static Path root;
  private static String unavailable;
  private static boolean checked;

  private TorchScriptExports() {}

  static synchronized void requireTorch() {
    if (!checked) {
      unavailable = TorchPython.unavailable();
      checked = true;
      if (unavailable != null) {
        System.err.println("TorchScript policy tests SKIPPED: no PyTorch at "
            + TorchPython.interpreter() + " (" + unavailable + "); install Debian's python3-torch"
            + " + libopenblas0-pthread or set VLARL_TORCH_PYTHON");
      }
    }
    Assumptions.assumeTrue(unavailable == null,
        "PyTorch unavailable at " + TorchPython.interpreter() + ": " + unavailable);
  }

  static synchronized Path randomParallel() {
    return MADE.computeIfAbsent("random-parallel", name -> {
      Path dir = dir(name);
      export(dir, List.of("--random-seed", "3", "--arch", new Gson().toJson(PARALLEL_ARCH.toMap()),
          "--decoding", "parallel"));
      return dir;
    });
  }

  static synchronized Path javaAutoregressive() {
    return MADE.computeIfAbsent("java-autoregressive", name -> {
      Path dir = dir(name);
      Path params = dir.resolve("policy.params");
      try (VlaPolicy p = new VlaPolicy(AUTOREGRESSIVE_ARCH, VlaConfig.Decoding.AUTOREGRESSIVE, true, 1.0, 5)) {
        randomize(p, new Rng(11));
        p.setStats(new ActionStats(new float[] {-0.5f, -0.2f, 0f}, new float[] {0.5f, 0.8f, 1f},
            new boolean[] {true, true, false}));
        try (OutputStream o = Files.newOutputStream(params);
            DataOutputStream out = new DataOutputStream(o)) {
          p.saveParameters(out);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      export(dir, List.of("--weights", params.toString(), "--decoding", "autoregressive"));
      return dir;
    });
  }

  /**
   * Gives every parameter random values as the reference's export does (norm weights near 1,
   * the rest small), so no part of the network (FiLM, value head) sits at a zero initialization.
   */
  static void randomize(VlaPolicy p, Rng rng) {
    for (Map.Entry<String, Parameter> e : p.network().namedParameters().entrySet()) {
      float[] v = new float[(int) e.getValue().getArray().size()];
      boolean norm = e.getKey().contains("norm") && e.getKey().endsWith("weight");
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) ((norm ? 1 : 0) + (norm ? 0.1 : 0.05) * rng.nextGaussian());
      }
      p.setParameter(e.getKey(), v);
    }
  }

  private static void export(Path dir, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(TorchPython.referenceDir().resolve("vlarl_vla_ref/export.py").toString());
    cmd.addAll(args);
    cmd.add("--out");
    cmd.add(dir.toString());
    try {
      TorchPython.Result r = TorchPython.run(List.of(cmd.toArray(String[]::new)), 300);
      assertEquals(0, r.exit(), "export.py failed:\n" + r.output());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path dir(String name) {
    try {
      if (root == null) {
        root = Files.createTempDirectory("vlarl-torchscript");
        Path r = root;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(r)));
      }
      return Files.createDirectories(root.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of export {@code from} in {@code to} (to edit or damage one of its files). */
  static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    for (String f : List.of(TorchScriptExport.MODEL_FILE, TorchScriptExport.META_FILE)) {
      Files.copy(from.resolve(f), to.resolve(f));
    }
    return to;
  }

  private static void deleteTree(Path p) {
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
