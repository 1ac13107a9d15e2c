package ai.vlarl.framework.run;

import java.io.PrintStream;
import java.util.Map;

/**
 * A one-line progress bar on the terminal: env steps, steps/s, mean return, success rate, ETA, and
 * where the last iteration's time went (env, inference, learner, sync, idle seconds). On
 * a terminal the line is redrawn in place; otherwise (logs, CI) a line is printed every 10% or 30 s.
 */
public final class ConsoleProgress implements TrainListener {
  private static final int WIDTH = 24;
  private final PrintStream out;
  private final boolean terminal;
  private long lastPrintNanos;
  private int lastDecile = -1;
  private double emaSuccess = Double.NaN;
  private double emaReturn = Double.NaN;

  public ConsoleProgress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void onIteration(RunContext run, Map<String, Double> m) {
    long total = run.config().train().total_steps();
    double frac = Math.min(1, (double) run.envSteps() / total);
    emaSuccess = ema(emaSuccess, m.get("train/success_once"));
    emaReturn = ema(emaReturn, m.get("train/return"));
    double rate = run.envSteps() / Math.max(1e-9, run.wallSeconds());
    double eta = (total - run.envSteps()) / Math.max(1e-9, rate);
    int filled = (int) Math.round(frac * WIDTH);
    String line = String.format("[%s%s] %3.0f%% %s/%s steps | %s steps/s | return %s | success %s | ETA %s",
        "#".repeat(filled), ".".repeat(WIDTH - filled), frac * 100, human(run.envSteps()),
        human(total), human((long) rate), fmt(emaReturn, "%.2f"), fmt(emaSuccess * 100, "%.0f%%"),
        clock(eta)) + timing(m);
    if (terminal) {
      out.print("\r" + line);
      out.flush();
    } else {
      int decile = (int) (frac * 10);
      long now = System.nanoTime();
      if (decile != lastDecile || now - lastPrintNanos > 30_000_000_000L) {
        out.println(line);
        lastDecile = decile;
        lastPrintNanos = now;
      }
    }
  }

  @Override
  public void onEnd(RunContext run, Map<String, Object> summary) {
    if (terminal) {
      out.println();
    }
  }

  /** {@code " | env 1.2s infer 0.8s learn 0.5s sync 0.0s idle 0.3s"}, or "" without timings. */
  static String timing(Map<String, Double> m) {
    if (!m.containsKey("time/env")) {
      return "";
    }
    return String.format(" | env %.1fs infer %.1fs learn %.1fs sync %.1fs idle %.1fs", m.get("time/env"),
        m.get("time/inference"), m.get("time/learner"), m.get("time/sync"), m.get("time/idle"));
  }

  private static double ema(double prev, Double x) {
    if (x == null || x.isNaN()) {
      return prev;
    }
    return Double.isNaN(prev) ? x : 0.7 * prev + 0.3 * x;
  }

  private static String fmt(double v, String f) {
    return Double.isNaN(v) ? "-" : String.format(f, v);
  }

  static String human(long n) {
    if (n >= 1_000_000) {
      return String.format("%.2fM", n / 1e6);
    }
    if (n >= 10_000) {
      return String.format("%.0fk", n / 1e3);
    }
    return Long.toString(n);
  }

  static String clock(double seconds) {
    long s = (long) Math.max(0, seconds);
    return String.format("%d:%02d", s / 60, s % 60);
  }
}
