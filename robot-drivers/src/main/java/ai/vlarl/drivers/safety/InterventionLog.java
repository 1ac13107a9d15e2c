package ai.vlarl.drivers.safety;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Every intervention of a shield: counted per kind, passed to listeners (the console), and
 * written one JSON object per line to an optional writer ({@code interventions.jsonl} of a
 * deploy). Thread-safe: the watchdog and the e-stop log from their own threads.
 */
public final class InterventionLog {
  private final Map<Intervention.Kind, Long> counts = new EnumMap<>(Intervention.Kind.class);
  private final List<Consumer<Intervention>> listeners = new ArrayList<>();
  private final Writer jsonl;
  private long total;
  private Intervention last;

  /** A log that only counts and tells listeners. */
  public InterventionLog() {
    this(null);
  }

  /** A log that also writes each intervention as a JSON line to {@code jsonl} (flushed). */
  public InterventionLog(Writer jsonl) {
    this.jsonl = jsonl;
  }

  /** Calls {@code listener} with every later intervention (on the logging thread). */
  public synchronized void addListener(Consumer<Intervention> listener) {
    listeners.add(listener);
  }

  /** Records one intervention. */
  public void record(Intervention i) {
    List<Consumer<Intervention>> ls;
    synchronized (this) {
      total++;
      last = i;
      for (Intervention.Kind k : i.kinds()) {
        counts.merge(k, 1L, Long::sum);
      }
      if (jsonl != null) {
        try {
          jsonl.write(toJson(i));
          jsonl.write('\n');
          jsonl.flush();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the intervention log", e);
        }
      }
      ls = List.copyOf(listeners);
    }
    ls.forEach(l -> l.accept(i));
  }

  /** Interventions recorded so far. */
  public synchronized long total() {
    return total;
  }

  /** How often each kind acted. */
  public synchronized Map<String, Long> counts() {
    Map<String, Long> m = new TreeMap<>();
    counts.forEach((k, v) -> m.put(k.name().toLowerCase(), v));
    return m;
  }

  /** How often {@code kind} acted. */
  public synchronized long count(Intervention.Kind kind) {
    return counts.getOrDefault(kind, 0L);
  }

  /** The latest intervention, or null. */
  public synchronized Intervention last() {
    return last;
  }

  /** A summary for reports: total and per-kind counts. */
  public synchronized Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total", total);
    m.put("by_kind", counts());
    return m;
  }

  static String toJson(Intervention i) {
    StringBuilder b = new StringBuilder("{\"time_s\":").append(i.timeNanos() / 1e9).append(",\"kinds\":[");
    List<String> names = i.kinds().stream().map(k -> k.name().toLowerCase()).sorted().toList();
    for (int k = 0; k < names.size(); k++) {
      b.append(k == 0 ? "" : ",").append('"').append(names.get(k)).append('"');
    }
    b.append("],\"deviation\":").append(Double.isFinite(i.deviation()) ? i.deviation() : -1)
        .append(",\"detail\":\"").append(escape(i.detail())).append("\"}");
    return b.toString();
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
