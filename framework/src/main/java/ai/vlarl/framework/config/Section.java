package ai.vlarl.framework.config;

/**
 * A config section that selects a named plugin: {@code {kind: NAME, key: value, ...}}. The keys
 * other than {@code kind} are bound to the plugin's own config record, so unknown keys are caught
 * against the right record and each plugin documents its own keys.
 *
 * @param kind the plugin name (e.g. {@code tabletop}, {@code mlp}, {@code ppo})
 * @param settings the plugin's config record
 */
public record Section(String kind, Record settings) {
  /** The settings as the plugin's record type. */
  public <T extends Record> T as(Class<T> type) {
    if (!type.isInstance(settings)) {
      throw new IllegalStateException(
          "section kind '" + kind + "' has " + settings.getClass().getSimpleName() + ", not "
              + type.getSimpleName());
    }
    return type.cast(settings);
  }
}
