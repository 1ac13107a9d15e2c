package ai.vlarl.drivers.control;

import ai.vlarl.drivers.safety.SafetyConfig;
import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.core.UserException;
import java.util.HashMap;
import java.util.Map;

/** Config records for loop tests: documented defaults with some keys replaced. */
final class LoopFixtures {
  private LoopFixtures() {}

  static <T extends Record> T bind(Class<T> type, Object... keyValues) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return new ConfigBinder((s, k) -> {
      throw new UserException("no sections");
    }).bind(type, m);
  }

  /** Limits loose enough that the tabletop's 0.02 m steps pass unchanged. */
  static SafetyConfig looseSafety() {
    return bind(SafetyConfig.class, "max_linear_speed", 1.0, "max_linear_accel", 1000.0);
  }
}
