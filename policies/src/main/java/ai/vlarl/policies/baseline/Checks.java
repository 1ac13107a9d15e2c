package ai.vlarl.policies.baseline;

import ai.vlarl.framework.env.EnvSpec;

/** Env-spec checks shared by the baseline factories. */
final class Checks {
  private Checks() {}

  static void chunk(int chunk, EnvSpec env) {
    if (chunk > env.action().maxChunk()) {
      throw new IllegalArgumentException(
          "policy.chunk=" + chunk + " exceeds the longest action chunk env " + env.name()
              + " accepts (" + env.action().maxChunk() + ")");
    }
  }

  static <T extends Record> T config(String kind, Record config, Class<T> type) {
    if (!type.isInstance(config)) {
      throw new IllegalArgumentException(
          "policy '" + kind + "' takes a " + type.getSimpleName() + ", got "
              + (config == null ? "null" : config.getClass().getSimpleName()));
    }
    return type.cast(config);
  }
}
