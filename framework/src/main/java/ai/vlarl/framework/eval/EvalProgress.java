package ai.vlarl.framework.eval;

import ai.vlarl.framework.env.EpisodeStats;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar over the episodes of an evaluation: episodes done, the current task, episodes/s,
 * the success rate so far and the ETA. On a terminal the line is redrawn in place; otherwise a
 * line is printed every 10%.
 */
public final class EvalProgress implements EpisodeLoop.Listener {
  private static final int WIDTH = 24;
  private final PrintStream out;
  private final boolean terminal;
  private final String label;
  private final int total;
  private final long t0 = System.nanoTime();
  private int done;
  private int successes;
  private int lastDecile = -1;

  /**
   * @param label what is evaluated, e.g. the suite's name
   * @param total episodes in all
   */
  public EvalProgress(PrintStream out, boolean terminal, String label, int total) {
    this.out = out;
    this.terminal = terminal;
    this.label = label;
    this.total = total;
  }

  @Override
  public void episodeDone(String task, EpisodeStats episode) {
    done++;
    successes += episode.successOnce() ? 1 : 0;
    double frac = (double) done / total;
    double seconds = (System.nanoTime() - t0) / 1e9;
    double rate = done / Math.max(1e-9, seconds);
    int filled = (int) Math.round(frac * WIDTH);
    String line = String.format(Locale.ROOT,
        "%s [%s%s] %d/%d episodes | %s | %.1f episodes/s | success %.0f%% | ETA %d:%02d", label,
        "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, task, rate,
        100.0 * successes / done, (long) ((total - done) / rate) / 60, (long) ((total - done) / rate) % 60);
    if (terminal) {
      out.print("\r" + line + (done == total ? "\n" : ""));
      out.flush();
    } else {
      int decile = (int) (frac * 10);
      if (decile != lastDecile) {
        lastDecile = decile;
        out.println(line);
      }
    }
  }
}
