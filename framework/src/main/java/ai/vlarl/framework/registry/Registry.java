package ai.vlarl.framework.registry;

import ai.vlarl.framework.core.UserException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plugins of one kind by name. Asking for an unknown name fails listing the known ones.
 *
 * @param <T> the plugin type
 */
public final class Registry<T> {
  private final String what;
  private final Map<String, T> byName;

  /**
   * @param what what the names name, for errors ("env kind")
   * @param byName the plugins (typically a Guice {@code MapBinder} map)
   */
  public Registry(String what, Map<String, T> byName) {
    this.what = what;
    this.byName = new TreeMap<>(byName);
  }

  public T get(String name) {
    T t = byName.get(name);
    if (t == null) {
      throw new UserException(
          "unknown " + what + " '" + name + "'; known: " + String.join(", ", byName.keySet()));
    }
    return t;
  }

  public Map<String, T> all() {
    return java.util.Collections.unmodifiableMap(byName);
  }
}
