package ai.vlarl.drivers.control;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Durations in nanoseconds, summarized as percentiles in milliseconds. Not thread-safe. */
public final class LatencyStats {
  private long[] samples = new long[1024];
  private int n;

  public void add(long nanos) {
    if (n == samples.length) {
      samples = Arrays.copyOf(samples, n * 2);
    }
    samples[n++] = nanos;
  }

  public int count() {
    return n;
  }

  /** The {@code q}-quantile (0..1, nearest rank) in milliseconds; NaN when empty. */
  public double percentileMs(double q) {
    if (n == 0) {
      return Double.NaN;
    }
    long[] s = Arrays.copyOf(samples, n);
    Arrays.sort(s);
    int rank = (int) Math.ceil(q * n) - 1;
    return s[Math.max(0, Math.min(n - 1, rank))] / 1e6;
  }

  /** {@code count, p50_ms, p90_ms, p99_ms, max_ms}. */
  public Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", n);
    m.put("p50_ms", percentileMs(0.5));
    m.put("p90_ms", percentileMs(0.9));
    m.put("p99_ms", percentileMs(0.99));
    m.put("max_ms", percentileMs(1.0));
    return m;
  }
}
