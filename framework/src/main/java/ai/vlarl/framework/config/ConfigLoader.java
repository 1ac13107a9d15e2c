package ai.vlarl.framework.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a config tree: a YAML file (optional) with {@code key=value} overrides applied on top. The
 * tree holds only what the user wrote; defaults are applied when it is bound ({@link
 * ConfigBinder}), so they live in one place.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * @param file a YAML file whose top level is a mapping, or {@code null} for none
   * @param overrides {@code dotted.key=value}, value parsed as YAML (e.g. {@code [reach, push]})
   */
  public static Map<String, Object> load(Path file, List<String> overrides) {
    Map<String, Object> tree = file == null ? new LinkedHashMap<>() : readFile(file);
    for (String o : overrides) {
      applyOverride(tree, o);
    }
    return tree;
  }

  static Map<String, Object> readFile(Path file) {
    if (Files.isDirectory(file)) {
      throw new ConfigException("config file " + file + " is a directory, not a YAML file");
    }
    try (Reader r = Files.newBufferedReader(file)) {
      Object doc = yaml().load(r);
      if (doc == null) {
        return new LinkedHashMap<>();
      }
      if (!(doc instanceof Map<?, ?>)) {
        throw new ConfigException(
            "config file " + file + " must be a YAML mapping of keys, not a " + kindOf(doc));
      }
      return asTree(doc, file.toString());
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    } catch (YAMLException e) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof java.nio.charset.CharacterCodingException) { // the reader's, wrapped by the parser
          throw new ConfigException("config file " + file + " is not a text file (UTF-8 YAML expected)");
        }
      }
      throw new ConfigException(
          "config file " + file + " is not valid YAML: " + e.getMessage().replace('\n', ' '));
    }
  }

  /** Applies one {@code a.b.c=value} override to the tree. */
  public static void applyOverride(Map<String, Object> tree, String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException(
          "override '" + override + "' is not of the form key=value (e.g. train.total_steps=20000)");
    }
    String key = override.substring(0, eq).trim();
    String text = override.substring(eq + 1).trim();
    Object value;
    try {
      value = text.isEmpty() ? "" : yaml().load(text);
    } catch (YAMLException e) {
      throw new ConfigException("override '" + override + "': value is not valid YAML");
    }
    String[] path = key.split("\\.");
    Map<String, Object> node = tree;
    for (int i = 0; i < path.length - 1; i++) {
      Object child = node.get(path[i]);
      if (!(child instanceof Map<?, ?>)) {
        child = new LinkedHashMap<String, Object>();
        node.put(path[i], child);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> next = (Map<String, Object>) child;
      node = next;
    }
    node.put(path[path.length - 1], value instanceof Map<?, ?> ? asTree(value, key) : value);
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new Yaml(new SafeConstructor(options));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asTree(Object doc, String where) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) doc).entrySet()) {
      if (!(e.getKey() instanceof String k)) {
        throw new ConfigException("in " + where + ": key " + e.getKey() + " is not a string");
      }
      Object v = e.getValue();
      out.put(k, v instanceof Map<?, ?> ? asTree(v, where) : v);
    }
    return out;
  }

  static String kindOf(Object o) {
    if (o instanceof List<?>) {
      return "list";
    }
    if (o instanceof Map<?, ?>) {
      return "mapping";
    }
    return o instanceof String ? "string" : o.getClass().getSimpleName().toLowerCase();
  }
}
