package ai.vlarl.simbridge.wire;

import java.util.List;
import java.util.Map;

/** Typed access to decoded message maps, with {@code BAD_REQUEST} errors that name the field. */
public final class Fields {
  private Fields() {}

  private static Object required(Map<String, Object> m, String key, String where) {
    Object v = m.get(key);
    if (v == null) {
      throw new WireException(ErrorCode.BAD_REQUEST, where + "." + key + " is missing");
    }
    return v;
  }

  private static WireException wrongType(String where, String key, String want, Object got) {
    return new WireException(ErrorCode.BAD_REQUEST,
        where + "." + key + " must be " + want + ", got " + describe(got));
  }

  /** A short description of a decoded value, for errors. */
  public static String describe(Object v) {
    if (v == null) {
      return "nil";
    } else if (v instanceof WireArray a) {
      return "array " + a;
    } else if (v instanceof byte[]) {
      return "binary";
    } else if (v instanceof Map) {
      return "map";
    } else if (v instanceof List) {
      return "list";
    } else if (v instanceof String s) {
      return "string '" + s + "'";
    } else if (v instanceof Long) {
      return "integer " + v;
    } else if (v instanceof Double) {
      return "number " + v;
    }
    return v.getClass().getSimpleName().toLowerCase() + " " + v;
  }

  public static long getLong(Map<String, Object> m, String key, String where) {
    Object v = required(m, key, where);
    if (!(v instanceof Long l)) {
      throw wrongType(where, key, "an integer", v);
    }
    return l;
  }

  /** An int field within [min, max]. */
  public static int getInt(Map<String, Object> m, String key, String where, int min, int max) {
    long v = getLong(m, key, where);
    if (v < min || v > max) {
      throw new WireException(ErrorCode.BAD_REQUEST,
          where + "." + key + " = " + v + " is outside [" + min + ", " + max + "]");
    }
    return (int) v;
  }

  public static double getDouble(Map<String, Object> m, String key, String where) {
    Object v = required(m, key, where);
    if (v instanceof Double d) {
      return d;
    } else if (v instanceof Long l) {
      return l;
    }
    throw wrongType(where, key, "a number", v);
  }

  public static boolean getBoolean(Map<String, Object> m, String key, String where) {
    Object v = required(m, key, where);
    if (!(v instanceof Boolean b)) {
      throw wrongType(where, key, "a boolean", v);
    }
    return b;
  }

  public static String getString(Map<String, Object> m, String key, String where) {
    Object v = required(m, key, where);
    if (!(v instanceof String s)) {
      throw wrongType(where, key, "a string", v);
    }
    return s;
  }

  /** A map field; absent gives an empty map when {@code optional}. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> getMap(Map<String, Object> m, String key, String where, boolean optional) {
    Object v = m.get(key);
    if (v == null && optional) {
      return Map.of();
    }
    v = required(m, key, where);
    if (!(v instanceof Map)) {
      throw wrongType(where, key, "a map", v);
    }
    return (Map<String, Object>) v;
  }

  /** A list of strings. */
  public static List<String> getStrings(Map<String, Object> m, String key, String where) {
    Object v = required(m, key, where);
    if (!(v instanceof List<?> l)) {
      throw wrongType(where, key, "a list of strings", v);
    }
    for (Object x : l) {
      if (!(x instanceof String)) {
        throw wrongType(where, key, "a list of strings", v);
      }
    }
    @SuppressWarnings("unchecked")
    List<String> strings = (List<String>) l; // each element checked above
    return java.util.Collections.unmodifiableList(strings);
  }

  /** A list of integers as ints. */
  public static List<Integer> getInts(Map<String, Object> m, String key, String where) {
    Object v = required(m, key, where);
    if (!(v instanceof List<?> l) || !l.stream().allMatch(x -> x instanceof Long y && y == y.intValue())) {
      throw wrongType(where, key, "a list of 32-bit integers", v);
    }
    return l.stream().map(x -> ((Long) x).intValue()).toList();
  }

  public static WireArray getArray(Map<String, Object> m, String key, String where) {
    Object v = required(m, key, where);
    if (!(v instanceof WireArray a)) {
      throw wrongType(where, key, "an array", v);
    }
    return a;
  }

  /** An array field, or null when absent or nil. */
  public static WireArray optArray(Map<String, Object> m, String key, String where) {
    return m.get(key) == null ? null : getArray(m, key, where);
  }
}
