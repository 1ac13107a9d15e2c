package ai.vlarl.framework.eval;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.json}: the suite, the protocol, the mean success rate over tasks and, per task,
 * episodes, successes, the success rate with its Wilson 95% interval and the mean episode length
 * and return. Rates and means are rounded to 6 decimals; keys are in a fixed order, so equal
 * reports give byte-identical files.
 *
 * <pre>
 * {"suite": "tabletop", "description": ..., "checkpoint": ..., "seed": 0,
 *  "protocol": {"episodes_per_task": 50, ...},
 *  "mean_success_rate": 0.9, "episodes": 150, "successes": 135,
 *  "tasks": [{"task": "reach", "episodes": 50, "successes": 50, "success_rate": 1.0,
 *             "ci95": [0.928652, 1.0], "mean_length": 14.2, "mean_return": 1.93,
 *             "successes_at_end": 50, "success_at_end_rate": 1.0, "ci95_at_end": [...]}, ...]}
 * </pre>
 */
public final class ReportJson {
  public static final String FILE = "report.json";
  private static final Gson GSON =
      new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().serializeNulls().create();

  private ReportJson() {}

  /** The report as a JSON tree (maps, lists, numbers, strings). */
  public static Map<String, Object> tree(SuiteReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("suite", r.suite());
    m.put("description", r.description());
    m.put("checkpoint", r.checkpoint());
    m.put("seed", r.seed());
    m.put("protocol", r.protocol());
    m.put("mean_success_rate", round(r.meanSuccessRate()));
    if (r.atEnd()) {
      m.put("mean_success_at_end_rate", round(r.meanSuccessAtEndRate()));
    }
    m.put("episodes", r.episodes());
    m.put("successes", r.successes());
    List<Map<String, Object>> tasks = new ArrayList<>();
    for (TaskResult t : r.tasks()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("task", t.task());
      e.put("episodes", t.episodes());
      e.put("successes", t.successes());
      e.put("success_rate", round(t.successRate()));
      e.put("ci95", interval(t.ci95()));
      e.put("mean_length", round(t.meanLength()));
      e.put("mean_return", round(t.meanReturn()));
      e.put("successes_at_end", t.successesAtEnd());
      e.put("success_at_end_rate", round(t.successAtEndRate()));
      e.put("ci95_at_end", interval(t.ci95AtEnd()));
      tasks.add(e);
    }
    m.put("tasks", tasks);
    return m;
  }

  /** The report as pretty-printed JSON text, ending with a newline. */
  public static String text(SuiteReport r) {
    return GSON.toJson(tree(r)) + "\n";
  }

  /** Writes {@code dir/report.json}. */
  public static Path write(SuiteReport r, Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    Files.writeString(file, text(r));
    return file;
  }

  private static List<Double> interval(Wilson.Interval i) {
    return List.of(round(i.low()), round(i.high()));
  }

  /** {@code x} rounded to 6 decimals; null (JSON null) when not finite. */
  static Double round(double x) {
    if (!Double.isFinite(x)) {
      return null;
    }
    return Math.round(x * 1e6) / 1e6;
  }
}
