package ai.vlarl.framework.rl;

import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.LineSimulator;
import ai.vlarl.framework.env.VectorEnv;
import java.util.LinkedHashMap;
import java.util.Map;

/** Configs bound the way a YAML file binds them, and the line env. */
final class Fixtures {
  private Fixtures() {}

  /** {@code type} with its defaults and {@code keyValues} ("key", value, ...) on top. */
  static <T extends Record> T config(Class<T> type, Object... keyValues) {
    Map<String, Object> tree = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      tree.put((String) keyValues[i], keyValues[i + 1]);
    }
    return new ConfigBinder((section, kind) -> null).bind(type, tree);
  }

  /** {@link LineSimulator} with {@code n} sub-envs, terminating on success, reset from seed 0. */
  static VectorEnv lineEnv(int n) {
    VectorEnv env = new AutoResetVectorEnv(new LineSimulator(n), true, false);
    env.reset(new long[n]);
    return env;
  }
}
