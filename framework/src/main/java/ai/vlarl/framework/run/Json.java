package ai.vlarl.framework.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON encoding of metrics: whole numbers as integers, non-finite values left out. */
public final class Json {
  private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();
  private static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();

  private Json() {}

  public static String line(Map<String, ?> m) {
    return COMPACT.toJson(clean(m));
  }

  public static String pretty(Object o) {
    return PRETTY.toJson(o instanceof Map<?, ?> m ? clean(m) : o);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> clean(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Double d) {
        if (!Double.isFinite(d)) {
          continue;
        }
        v = d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) d.longValue() : d;
      } else if (v instanceof Map<?, ?> sub) {
        v = clean(sub);
      }
      out.put(e.getKey().toString(), v);
    }
    return out;
  }

  public static Gson gson() {
    return PRETTY;
  }
}
