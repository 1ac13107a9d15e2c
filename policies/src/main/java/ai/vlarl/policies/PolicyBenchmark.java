package ai.vlarl.policies;

import ai.djl.pytorch.jni.JniUtils;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.policies.baseline.CnnConfig;
import ai.vlarl.policies.baseline.CnnPolicy;
import ai.vlarl.policies.baseline.MlpConfig;
import ai.vlarl.policies.baseline.MlpPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Rollout-side throughput of the baseline policies: sampled {@link TokenPolicy#act} calls per
 * second at batch 1, 16 and 64, with the default configs, for {@code mlp} on a 32-float state and
 * {@code cnn} on a 64×64 image + 8 proprio floats + 4-task one-hot, 4 action dims.
 *
 * <p>Each row: {@code policy}, {@code batch}, {@code params}, {@code calls}, {@code seconds}, {@code
 * calls_per_s}, {@code actions_per_s} (rows decided per second), {@code ms_per_call} and {@code
 * threads} (PyTorch intra-op threads). Set {@code -Dai.djl.pytorch.num_threads} or {@code
 * OMP_NUM_THREADS} before the engine loads to change the latter.
 */
public final class PolicyBenchmark {
  private static final int[] BATCHES = {1, 16, 64};
  private static final int STATE = 32;
  private static final int SIDE = 64;
  private static final int PROPRIO = 8;
  private static final int TASKS = 4;
  private static final int DIM = 4;

  private PolicyBenchmark() {}

  /**
   * Runs every row for about {@code secondsPerRow} seconds of timed calls, after a warm-up of at
   * least 10 calls and a quarter of that time.
   */
  public static List<Map<String, Object>> run(double secondsPerRow) {
    MlpConfig mlp = new MlpConfig(List.of(128, 128), 21, 1);
    CnnConfig cnn =
        new CnnConfig(List.of(16, 32, 32), 3, 2, 128, List.of(128), 21, 1, true, true, false);
    List<Map<String, Object>> rows = new ArrayList<>();
    try (TokenPolicy p = new MlpPolicy(mlp, STATE, DIM, 0)) {
      bench(rows, p, secondsPerRow, n -> stateObs((int) n));
    }
    try (TokenPolicy p = new CnnPolicy(cnn, SIDE, SIDE, false, PROPRIO, TASKS, DIM, 0)) {
      bench(rows, p, secondsPerRow, n -> imageObs((int) n));
    }
    return rows;
  }

  private static void bench(
      List<Map<String, Object>> rows,
      TokenPolicy p,
      double seconds,
      LongFunction<Observations> obs) {
    for (int batch : BATCHES) {
      Observations o = obs.apply(batch);
      Rng rng = new Rng(batch);
      long budget = (long) (seconds * 1e9);
      // warm-up (JIT, allocator): at least 10 calls and a quarter of the budget
      long warm = System.nanoTime();
      for (int i = 0; i < 10 || System.nanoTime() - warm < budget / 4; i++) {
        p.act(o, false, rng);
      }
      long start = System.nanoTime();
      long calls = 0;
      long elapsed;
      do {
        p.act(o, false, rng);
        calls++;
        elapsed = System.nanoTime() - start;
      } while (elapsed < budget);
      double s = elapsed / 1e9;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("policy", p.kind());
      row.put("batch", batch);
      row.put("params", p.parameterCount());
      row.put("calls", calls);
      row.put("seconds", round(s));
      row.put("calls_per_s", round(calls / s));
      row.put("actions_per_s", round(calls * batch / s));
      row.put("ms_per_call", round(1e3 * s / calls));
      row.put("threads", JniUtils.getNumThreads());
      rows.add(row);
    }
  }

  private static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }

  private static Observations stateObs(int n) {
    Rng rng = new Rng(1);
    float[] x = new float[n * STATE];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.uniform(-1, 1);
    }
    return new Observations(n, HostArray.ofFloats(x, n, STATE), null, null, null, null, null);
  }

  private static Observations imageObs(int n) {
    Rng rng = new Rng(2);
    byte[] img = new byte[n * SIDE * SIDE * 3];
    for (int i = 0; i < img.length; i++) {
      img[i] = (byte) rng.nextInt(256);
    }
    float[] prop = new float[n * PROPRIO];
    int[] tasks = new int[n];
    for (int i = 0; i < n; i++) {
      tasks[i] = i % TASKS;
    }
    return new Observations(
        n,
        null,
        HostArray.ofBytes(img, n, SIDE, SIDE, 3),
        null,
        HostArray.ofFloats(prop, n, PROPRIO),
        null,
        tasks);
  }

  /** Prints one line per row; the optional argument is the seconds per row (default 2). */
  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
    for (Map<String, Object> row : run(seconds)) {
      System.out.println(row);
    }
  }
}
