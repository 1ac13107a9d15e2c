package ai.vlarl.framework.registry;

/**
 * A named, configurable component (an env kind, a policy kind, an algorithm).
 *
 * <p>Modules contribute plugins through Guice {@code MapBinder<String, ...>}; a config section
 * {@code {kind: NAME, ...}} selects one by name, and the section's other keys are bound to its
 * {@link #configType()}.
 */
public interface Plugin {
  /** The config record of this plugin's section (keys other than {@code kind}). */
  Class<? extends Record> configType();

  /** One line for listings. */
  String description();
}
