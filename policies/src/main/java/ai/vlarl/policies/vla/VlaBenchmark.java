package ai.vlarl.policies.vla;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.Evaluation;
import ai.vlarl.framework.rl.Adam;
import ai.vlarl.framework.rl.GradientClipping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Throughput of the VLA ({@code vlarl bench policy}), one row per measurement:
 *
 * <ul>
 *   <li>{@code rollout}: sampled {@link VlaPolicy#act} calls at batch 1, 16 and 64, for
 *       autoregressive decoding with the KV cache, the same by recomputation (side by side: same
 *       tokens, different cost), and parallel chunk decoding. Fields {@code calls_per_s}, {@code
 *       actions_per_s} (decisions, i.e. rows, per second), {@code action_steps_per_s} (times the
 *       chunk), {@code ms_per_call}.
 *   <li>{@code learner}: PPO-style learner steps on minibatches of 64 ({@link VlaPolicy#evaluate},
 *       backward, global-norm clipping, Adam) for both decodings: {@code samples_per_s}, {@code
 *       ms_per_step}.
 * </ul>
 *
 * Inputs are random images of the configured size, tabletop-style instructions and proprio.
 * Every row also carries {@code size}, {@code params}, {@code chunk} and {@code threads}.
 */
public final class VlaBenchmark {
  private static final int[] BATCHES = {1, 16, 64};
  private static final String[] INSTRUCTIONS = {
    "reach the red block",
    "push the blue block into the green zone",
    "pick up the yellow cube and place it on the purple plate"
  };

  private VlaBenchmark() {}

  /** Runs every row for about {@code seconds} of timed work after a warm-up. */
  public static List<Map<String, Object>> run(VlaConfig cfg, int imageSize, int actionDim, double seconds) {
    List<Map<String, Object>> rows = new ArrayList<>();
    int proprio = cfg.proprio() ? 5 : 0;
    VlaArch arch = VlaPolicyFactory.arch(cfg, imageSize, proprio, actionDim);
    Object[][] modes = {
      {VlaConfig.Decoding.AUTOREGRESSIVE, true},
      {VlaConfig.Decoding.AUTOREGRESSIVE, false},
      {VlaConfig.Decoding.PARALLEL, true}
    };
    for (Object[] mode : modes) {
      VlaConfig.Decoding d = (VlaConfig.Decoding) mode[0];
      boolean cache = (Boolean) mode[1];
      try (VlaPolicy p = new VlaPolicy(arch, d, cache, cfg.temperature(), 1)) {
        for (int batch : BATCHES) {
          Observations obs = observations(arch, batch, 7);
          Rng rng = new Rng(batch);
          double[] t = time(seconds, () -> p.act(obs, false, rng));
          Map<String, Object> row = row("rollout", cfg, p, d, cache);
          row.put("batch", batch);
          row.put("calls", (long) t[0]);
          row.put("seconds", round(t[1]));
          row.put("calls_per_s", round(t[0] / t[1]));
          row.put("actions_per_s", round(t[0] * batch / t[1]));
          row.put("action_steps_per_s", round(t[0] * batch * arch.chunk() / t[1]));
          row.put("ms_per_call", round(1e3 * t[1] / t[0]));
          rows.add(row);
        }
      }
    }
    for (VlaConfig.Decoding d : VlaConfig.Decoding.values()) {
      try (VlaPolicy p = new VlaPolicy(arch, d, true, cfg.temperature(), 1);
          Adam adam = new Adam(p.parameters(), 0.9, 0.999, 1e-5);
          NDManager root = NDManager.newBaseManager()) {
        int batch = 64;
        Observations obs = observations(arch, batch, 9);
        HostArray tokens = p.act(obs, false, new Rng(3)).tokens();
        double[] t =
            time(
                seconds,
                () -> {
                  try (NDManager scope = root.newSubManager();
                      GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    Evaluation e = p.evaluate(scope, obs, tokens);
                    gc.backward(e.tokenLogProb().mean().neg().add(e.value().square().mean()));
                  }
                  GradientClipping.clipGlobalNorm(p.parameters(), 1.0);
                  adam.step(1e-6);
                });
        Map<String, Object> row = row("learner", cfg, p, d, d == VlaConfig.Decoding.AUTOREGRESSIVE);
        row.put("batch", batch);
        row.put("steps", (long) t[0]);
        row.put("seconds", round(t[1]));
        row.put("samples_per_s", round(t[0] * batch / t[1]));
        row.put("ms_per_step", round(1e3 * t[1] / t[0]));
        rows.add(row);
      }
    }
    return rows;
  }

  private static Map<String, Object> row(
      String bench, VlaConfig cfg, VlaPolicy p, VlaConfig.Decoding d, boolean cache) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("bench", bench);
    row.put("size", cfg.size().name().toLowerCase());
    row.put("params", p.parameterCount());
    row.put("decoding", d.name().toLowerCase());
    if (bench.equals("rollout") && d == VlaConfig.Decoding.AUTOREGRESSIVE) {
      row.put("kv_cache", cache);
    }
    row.put("chunk", p.chunk());
    row.put("threads", JniUtils.getNumThreads());
    return row;
  }

  /** {count, seconds} of timed calls after a warm-up of at least 3 calls and a quarter of the time. */
  private static double[] time(double seconds, Runnable call) {
    long budget = (long) (seconds * 1e9);
    long warm = System.nanoTime();
    for (int i = 0; i < 3 || System.nanoTime() - warm < budget / 4; i++) {
      call.run();
    }
    long start = System.nanoTime();
    long calls = 0;
    long elapsed;
    do {
      call.run();
      calls++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < budget);
    return new double[] {calls, elapsed / 1e9};
  }

  private static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }

  static Observations observations(VlaArch arch, int n, long seed) {
    Rng rng = new Rng(seed);
    int s = arch.imageSize();
    byte[] img = new byte[n * s * s * 3];
    for (int i = 0; i < img.length; i++) {
      img[i] = (byte) rng.nextInt(256);
    }
    String[] instr = new String[n];
    for (int i = 0; i < n; i++) {
      instr[i] = INSTRUCTIONS[i % INSTRUCTIONS.length];
    }
    HostArray proprio = null;
    if (arch.proprioDim() > 0) {
      float[] p = new float[n * arch.proprioDim()];
      for (int i = 0; i < p.length; i++) {
        p[i] = (float) rng.uniform(-1, 1);
      }
      proprio = HostArray.ofFloats(p, n, arch.proprioDim());
    }
    HostArray wrist = null;
    if (arch.wrist()) {
      byte[] w = new byte[img.length];
      for (int i = 0; i < w.length; i++) {
        w[i] = (byte) rng.nextInt(256);
      }
      wrist = HostArray.ofBytes(w, n, s, s, 3);
    }
    return new Observations(n, null, HostArray.ofBytes(img, n, s, s, 3), wrist, proprio, instr, null);
  }
}
