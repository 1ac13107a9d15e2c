package ai.vlarl.envs.tabletop;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.StepResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Measures env throughput: sub-env steps per second (N × one-step chunks per second) under uniform
 * random actions, through {@link AutoResetVectorEnv} with auto-reset and observations included.
 */
public final class EnvBenchmark {
  private EnvBenchmark() {}

  /** The default grid: modes state and rgb, N = 1, 16, 256. */
  public static List<Map<String, Object>> run(double secondsPerRow) {
    return run(secondsPerRow, List.of("state", "rgb"), List.of(1, 16, 256));
  }

  /**
   * One row per (mode, N): keys {@code mode}, {@code envs}, {@code steps_per_s} (sub-env steps per
   * second), {@code step_ms} (milliseconds per batched step), {@code episodes} (finished during
   * the measurement), {@code seconds} (measured time). A warm-up of a fifth of the budget precedes
   * each measurement.
   */
  public static List<Map<String, Object>> run(
      double secondsPerRow, List<String> modes, List<Integer> sizes) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String mode : modes) {
      for (int n : sizes) {
        rows.add(measure(mode, n, secondsPerRow));
      }
    }
    return rows;
  }

  private static Map<String, Object> measure(String mode, int n, double seconds) {
    TabletopConfig cfg = TabletopConfig.of(Map.of("obs_mode", mode, "num_envs", n));
    try (AutoResetVectorEnv env = new AutoResetVectorEnv(new TabletopSimulator(cfg), true, false)) {
      long[] seeds = new long[n];
      for (int i = 0; i < n; i++) {
        seeds[i] = i;
      }
      env.reset(seeds);
      Rng rng = new Rng(7);
      HostArray[] batches = new HostArray[8];
      for (int b = 0; b < batches.length; b++) {
        float[] a = new float[n * 4];
        for (int i = 0; i < a.length; i++) {
          a[i] = (float) rng.uniform(-1, 1);
        }
        batches[b] = HostArray.ofFloats(a, n, 1, 4);
      }
      loop(env, batches, seconds / 5);
      long t0 = System.nanoTime();
      long[] counts = loop(env, batches, seconds);
      double elapsed = (System.nanoTime() - t0) / 1e9;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("mode", mode);
      row.put("envs", n);
      row.put("steps_per_s", Math.round(counts[0] * n / elapsed));
      row.put("step_ms", Math.round(elapsed / counts[0] * 1e6) / 1e3);
      row.put("episodes", counts[1]);
      row.put("seconds", Math.round(elapsed * 100) / 100.0);
      return row;
    }
  }

  private static long[] loop(AutoResetVectorEnv env, HostArray[] batches, double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long steps = 0;
    long episodes = 0;
    do {
      StepResult r = env.step(batches[(int) (steps % batches.length)]);
      episodes += r.doneEnvs().length;
      steps++;
    } while (System.nanoTime() < end);
    return new long[] {steps, episodes};
  }

  /** A row as one line of JSON. */
  public static String toJson(Map<String, Object> row) {
    return row.entrySet().stream()
        .map(e -> "\"" + e.getKey() + "\": "
            + (e.getValue() instanceof String s ? "\"" + s + "\"" : String.valueOf(e.getValue())))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  /** Prints each row as JSON; the optional argument is the seconds per row (default 2). */
  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
    for (Map<String, Object> row : run(seconds)) {
      System.out.println(toJson(row));
    }
  }
}
