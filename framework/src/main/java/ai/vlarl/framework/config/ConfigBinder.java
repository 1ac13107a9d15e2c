package ai.vlarl.framework.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * Binds a config tree (from {@link ConfigLoader}) to typed, immutable config records.
 *
 * <p>Each record component is a key; its {@link Doc} carries the default, applied when the key is
 * absent. Unknown keys are rejected with the closest valid key suggested; values of the wrong type
 * and values the record's constructor refuses are reported with their dotted path. {@link Section}
 * components choose their record by {@code kind} through a {@link SectionResolver}.
 */
public final class ConfigBinder {
  /** Resolves the record type of a {@link Section} from its path and kind. */
  @FunctionalInterface
  public interface SectionResolver {
    /**
     * @param section the section's dotted path, e.g. {@code env}
     * @param kind the selected kind, e.g. {@code tabletop}
     * @throws ai.vlarl.framework.core.UserException for an unknown kind, listing known ones
     */
    Class<? extends Record> resolve(String section, String kind);
  }

  private final SectionResolver resolver;

  public ConfigBinder(SectionResolver resolver) {
    this.resolver = resolver;
  }

  /** Binds the whole tree to {@code type}. */
  public <T extends Record> T bind(Class<T> type, Map<String, Object> tree) {
    return type.cast(bindRecord(type, tree, ""));
  }

  private Object bindRecord(Class<?> type, Map<String, Object> values, String path) {
    RecordComponent[] comps = type.getRecordComponents();
    List<String> names = Arrays.stream(comps).map(RecordComponent::getName).toList();
    for (String key : values.keySet()) {
      if (!names.contains(key)) {
        String hint =
            Suggest.closest(key, names)
                .map(s -> " (did you mean '" + path + s + "'?)")
                .orElse("; valid keys here: " + String.join(", ", names));
        throw new ConfigException("unknown config key '" + path + key + "'" + hint);
      }
    }
    Object[] args = new Object[comps.length];
    Class<?>[] types = new Class<?>[comps.length];
    for (int i = 0; i < comps.length; i++) {
      RecordComponent c = comps[i];
      types[i] = c.getType();
      String key = path + c.getName();
      Object raw = values.containsKey(c.getName()) ? values.get(c.getName()) : defaultOf(c, key);
      args[i] = bindValue(c.getGenericType(), raw, key, c);
    }
    try {
      Constructor<?> ctor = type.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConfigException ce) {
        throw ce;
      }
      String where = path.isEmpty() ? "config" : "config '" + path.substring(0, path.length() - 1) + "'";
      throw new ConfigException(where + ": " + cause.getMessage(), cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct config record " + type.getName(), e);
    }
  }

  private static Object defaultOf(RecordComponent c, String key) {
    Doc doc = c.getAnnotation(Doc.class);
    if (doc == null) {
      throw new IllegalStateException("config key '" + key + "' has no @Doc (and so no default)");
    }
    if (doc.dflt().isEmpty()) {
      return null;
    }
    return new Yaml().load(doc.dflt());
  }

  @SuppressWarnings("unchecked")
  private Object bindValue(Type type, Object raw, String key, RecordComponent c) {
    Class<?> cls = rawClass(type);
    if (cls == Section.class) {
      if (raw instanceof String shorthand) { // "env: tabletop" means {kind: tabletop}
        raw = new LinkedHashMap<>(Map.of("kind", shorthand));
      }
      Map<String, Object> m = raw == null ? new LinkedHashMap<>() : new LinkedHashMap<>(asMap(raw, key));
      Object kind = m.remove("kind");
      if (kind == null) {
        kind = defaultOf(c, key);
      }
      if (kind == null) {
        throw new ConfigException("config section '" + key + "' needs a 'kind'");
      }
      if (kind instanceof Map<?, ?> dm) { // default written as "{kind: x}"
        kind = dm.get("kind");
      }
      Class<? extends Record> rt = resolver.resolve(key, kind.toString());
      return new Section(kind.toString(), (Record) bindRecord(rt, m, key + "."));
    }
    if (cls.isRecord()) {
      Map<String, Object> m = raw == null ? Map.of() : asMap(raw, key);
      return bindRecord(cls, m, key + ".");
    }
    if (raw == null) {
      if (cls == String.class) {
        return null;
      }
      throw new ConfigException("config key '" + key + "' needs a value");
    }
    if (cls == List.class) {
      Type elem = ((ParameterizedType) type).getActualTypeArguments()[0];
      List<Object> in = raw instanceof List<?> l ? (List<Object>) l : List.of(raw);
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < in.size(); i++) {
        out.add(bindValue(elem, in.get(i), key + "[" + i + "]", c));
      }
      return List.copyOf(out);
    }
    return scalar(cls, raw, key);
  }

  private static Object scalar(Class<?> type, Object raw, String key) {
    Class<?> cls = unbox(type);
    try {
      if (cls == String.class) {
        if (raw instanceof Map<?, ?> || raw instanceof List<?>) {
          throw mismatch(key, "a string", raw);
        }
        return raw.toString();
      }
      if (cls == boolean.class) {
        if (raw instanceof Boolean b) {
          return b;
        }
        throw mismatch(key, "true or false", raw);
      }
      if (cls == int.class || cls == long.class || cls == double.class || cls == float.class) {
        Number n = number(raw, key);
        if (cls == double.class) {
          return n.doubleValue();
        }
        if (cls == float.class) {
          return n.floatValue();
        }
        if (n instanceof Double || n.doubleValue() != Math.rint(n.doubleValue())) {
          throw mismatch(key, "an integer", raw);
        }
        if (n instanceof java.math.BigInteger big && big.bitLength() > 63) { // longValue() would wrap
          throw mismatch(key, cls == int.class ? "an integer in int range" : "an integer in long range", raw);
        }
        long v = n.longValue();
        if (cls == int.class) {
          if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw mismatch(key, "an integer in int range", raw);
          }
          return (int) v;
        }
        return v;
      }
      if (cls.isEnum()) {
        for (Object e : cls.getEnumConstants()) {
          if (e.toString().equalsIgnoreCase(raw.toString())) {
            return e;
          }
        }
        throw new ConfigException("config key '" + key + "': '" + raw + "' is not one of "
            + Arrays.toString(cls.getEnumConstants()).toLowerCase());
      }
    } catch (ClassCastException e) {
      throw mismatch(key, cls.getSimpleName(), raw);
    }
    throw new IllegalStateException("unsupported config type " + cls + " at " + key);
  }

  private static Class<?> unbox(Class<?> c) {
    if (c == Integer.class) {
      return int.class;
    }
    if (c == Long.class) {
      return long.class;
    }
    if (c == Double.class) {
      return double.class;
    }
    if (c == Float.class) {
      return float.class;
    }
    return c == Boolean.class ? boolean.class : c;
  }

  private static Number number(Object raw, String key) {
    if (raw instanceof Number n) {
      return n;
    }
    if (raw instanceof String s) { // YAML reads 1e-4 without a dot as a string
      try {
        return Double.valueOf(s.trim());
      } catch (NumberFormatException e) {
        throw mismatch(key, "a number", raw);
      }
    }
    throw mismatch(key, "a number", raw);
  }

  private static ConfigException mismatch(String key, String want, Object raw) {
    return new ConfigException("config key '" + key + "': expected " + want + ", got "
        + ConfigLoader.kindOf(raw) + " '" + raw + "'");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object raw, String key) {
    if (raw instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new ConfigException("config key '" + key + "' is a section: expected a mapping, got "
        + ConfigLoader.kindOf(raw) + " '" + raw + "'");
  }

  private static Class<?> rawClass(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    return (Class<?>) ((ParameterizedType) t).getRawType();
  }

  /** The record as a plain tree (sections flattened to {@code kind} plus their keys). */
  public static Map<String, Object> toTree(Record r) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      try {
        var accessor = c.getAccessor();
        accessor.setAccessible(true);
        out.put(c.getName(), plain(accessor.invoke(r)));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  private static Object plain(Object v) {
    if (v instanceof Section s) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", s.kind());
      m.putAll(toTree(s.settings()));
      return m;
    }
    if (v instanceof Record rec) {
      return toTree(rec);
    }
    if (v instanceof List<?> l) {
      return l.stream().map(ConfigBinder::plain).toList();
    }
    if (v instanceof Enum<?> e) {
      return e.toString().toLowerCase();
    }
    return v;
  }
}
