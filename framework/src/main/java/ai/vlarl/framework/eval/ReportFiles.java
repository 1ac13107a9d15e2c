package ai.vlarl.framework.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an evaluation's output directory: {@code report.json}, {@code report.md}, {@code
 * chart.png}, {@code videos/*.gif} (when episodes were recorded) and {@code timing.json}
 * (wall-clock seconds and episodes/s, kept apart so that the report itself is deterministic).
 */
public final class ReportFiles {
  public static final String TIMING_FILE = "timing.json";
  public static final String VIDEO_DIR = "videos";

  private ReportFiles() {}

  /** Writes every file into {@code dir} (created if absent); returns the paths written. */
  public static List<Path> write(SuiteEvaluator.Result result, Path dir) {
    try {
      Files.createDirectories(dir);
      List<Path> written = new ArrayList<>();
      written.add(ReportJson.write(result.report(), dir));
      written.add(ReportMarkdown.write(result.report(), dir));
      written.add(ReportChart.write(result.report(), dir));
      if (!result.videos().isEmpty()) {
        Path videos = Files.createDirectories(dir.resolve(VIDEO_DIR));
        for (Video v : result.videos()) {
          Path f = videos.resolve(VideoGif.fileName(v));
          VideoGif.write(v, f);
          written.add(f);
        }
      }
      Map<String, Object> timing = new LinkedHashMap<>();
      timing.put("seconds", result.seconds());
      timing.put("episodes", result.report().episodes());
      timing.put("episodes_per_s", result.report().episodes() / Math.max(1e-9, result.seconds()));
      Path t = dir.resolve(TIMING_FILE);
      Files.writeString(t, ai.vlarl.framework.run.Json.pretty(timing) + "\n");
      written.add(t);
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the evaluation report into " + dir, e);
    }
  }

  /** One line: the suite's mean success rate and each task's. */
  public static String summaryLine(SuiteReport r) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s: mean success %s (",
        r.suite(), ReportMarkdown.pct(r.meanSuccessRate())));
    for (int i = 0; i < r.tasks().size(); i++) {
      TaskResult t = r.tasks().get(i);
      b.append(i > 0 ? ", " : "").append(t.task()).append(' ').append(t.successes()).append('/')
          .append(t.episodes());
    }
    return b.append(')').toString();
  }
}
