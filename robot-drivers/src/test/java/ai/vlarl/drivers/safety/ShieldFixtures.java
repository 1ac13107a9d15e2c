package ai.vlarl.drivers.safety;

import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.core.UserException;
import java.util.HashMap;
import java.util.Map;

/** Shield configs for tests: the documented defaults with some keys replaced. */
final class ShieldFixtures {
  private ShieldFixtures() {}

  static SafetyConfig config(Object... keyValues) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return new ConfigBinder((s, k) -> {
      throw new UserException("no sections");
    }).bind(SafetyConfig.class, m);
  }
}
