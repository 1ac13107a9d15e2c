package ai.vlarl.envs.tabletop;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import java.util.HashMap;
import java.util.Map;

/** Small helpers shared by the tabletop tests. */
final class Fixtures {
  private Fixtures() {}

  /** A config from key/value pairs over the defaults. */
  static TabletopConfig config(Object... keyValues) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return TabletopConfig.of(m);
  }

  static long[] seeds(int n, long first) {
    long[] s = new long[n];
    for (int i = 0; i < n; i++) {
      s[i] = first + i;
    }
    return s;
  }

  static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  /** Uniform random actions {@code [n, chunk, 4]}. */
  static HostArray randomActions(Rng rng, int n, int chunk) {
    float[] a = new float[n * chunk * 4];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rng.uniform(-1, 1);
    }
    return HostArray.ofFloats(a, n, chunk, 4);
  }

  /** A one-step action batch {@code [n, 4]} for {@code BatchSimulator.step}. */
  static HostArray simActions(float[] rowMajor, int n) {
    return HostArray.ofFloats(rowMajor, n, 4);
  }

  /** Steps a bare simulator with all sub-envs active. */
  static float[] simStep(TabletopSimulator sim, float[] actions, boolean[] success) {
    int n = sim.spec().numEnvs();
    boolean[] active = new boolean[n];
    java.util.Arrays.fill(active, true);
    float[] reward = new float[n];
    sim.step(simActions(actions, n), active, reward, success, new boolean[n]);
    return reward;
  }
}
