package ai.vlarl.framework.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.md}: the report of {@link ReportJson} as a Markdown table, one row per task and a
 * last row with the mean over tasks. Success-at-end columns appear for suites that report it.
 */
public final class ReportMarkdown {
  public static final String FILE = "report.md";

  private ReportMarkdown() {}

  /** The Markdown text. */
  public static String text(SuiteReport r) {
    StringBuilder b = new StringBuilder();
    b.append("# Evaluation: ").append(r.suite()).append("\n\n");
    b.append(r.description()).append("\n\n");
    b.append("- checkpoint: `").append(r.checkpoint()).append("`\n");
    b.append("- seed: ").append(r.seed()).append('\n');
    for (Map.Entry<String, Object> e : r.protocol().entrySet()) {
      b.append("- ").append(e.getKey().replace('_', ' ')).append(": ").append(e.getValue()).append('\n');
    }
    b.append('\n');
    b.append("| task | episodes | successes | success rate | 95% CI (Wilson) |");
    if (r.atEnd()) {
      b.append(" success at end | 95% CI at end |");
    }
    b.append(" mean length |\n");
    b.append("|---|---:|---:|---:|---|");
    if (r.atEnd()) {
      b.append("---:|---|");
    }
    b.append("---:|\n");
    for (TaskResult t : r.tasks()) {
      b.append("| ").append(t.task()).append(" | ").append(t.episodes()).append(" | ")
          .append(t.successes()).append(" | ").append(pct(t.successRate())).append(" | ")
          .append(ci(t.ci95())).append(" |");
      if (r.atEnd()) {
        b.append(' ').append(pct(t.successAtEndRate())).append(" | ").append(ci(t.ci95AtEnd()))
            .append(" |");
      }
      b.append(' ').append(String.format(Locale.ROOT, "%.1f", t.meanLength())).append(" |\n");
    }
    b.append("| **mean over tasks** | ").append(r.episodes()).append(" | ").append(r.successes())
        .append(" | **").append(pct(r.meanSuccessRate())).append("** |  |");
    if (r.atEnd()) {
      b.append(" **").append(pct(r.meanSuccessAtEndRate())).append("** |  |");
    }
    b.append("  |\n");
    return b.toString();
  }

  /** Writes {@code dir/report.md}. */
  public static Path write(SuiteReport r, Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    Files.writeString(file, text(r));
    return file;
  }

  static String pct(double x) {
    return Double.isFinite(x) ? String.format(Locale.ROOT, "%.1f%%", 100 * x) : "-";
  }

  private static String ci(Wilson.Interval i) {
    return "[" + pct(i.low()) + ", " + pct(i.high()) + "]";
  }
}
