package ai.vlarl.framework.rl;

import java.util.LinkedHashMap;
import java.util.Map;

/** Running means of named scalars, in the order the names were first added. */
final class RunningMeans {
  private final Map<String, double[]> sums = new LinkedHashMap<>();

  void add(String key, double v) {
    double[] s = sums.computeIfAbsent(key, k -> new double[2]);
    s[0] += v;
    s[1]++;
  }

  Map<String, Double> means() {
    Map<String, Double> out = new LinkedHashMap<>();
    sums.forEach((k, s) -> out.put(k, s[0] / s[1]));
    return out;
  }
}
