package ai.vlarl.policies.baseline;

import java.util.List;

/** Validation shared by the baseline config records. */
final class Configs {
  private Configs() {}

  static List<Integer> widths(String key, List<Integer> values, boolean allowEmpty) {
    if (values == null) {
      throw new IllegalArgumentException("policy." + key + " is missing");
    }
    List<Integer> copy = List.copyOf(values);
    if (!allowEmpty && copy.isEmpty()) {
      throw new IllegalArgumentException("policy." + key + " needs at least one width");
    }
    for (Integer w : copy) {
      if (w == null || w <= 0) {
        throw new IllegalArgumentException(
            "policy." + key + " must hold positive widths, got " + values);
      }
    }
    return copy;
  }

  static void bins(int bins) {
    if (bins < 3 || bins % 2 == 0) {
      throw new IllegalArgumentException(
          "policy.bins must be odd and at least 3 (so that 0 is an action level), got " + bins);
    }
  }

  static void chunk(int chunk) {
    if (chunk < 1) {
      throw new IllegalArgumentException("policy.chunk must be at least 1, got " + chunk);
    }
  }
}
