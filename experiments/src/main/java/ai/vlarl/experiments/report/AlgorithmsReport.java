package ai.vlarl.experiments.report;

import ai.vlarl.framework.run.ExperimentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code algorithms.md} with {@code algorithms_steps.png} and {@code algorithms_wall.png}
 * beside it: per algorithm, the final greedy evaluation of every seed (mean, sample std, min..max),
 * training success at fractions of the budget against env steps and against wall-clock seconds
 * (mean and min..max over seeds), and the curves.
 */
final class AlgorithmsReport {
  static final String FILE = "algorithms.md";
  static final String STEPS_PNG = "algorithms_steps.png";
  static final String WALL_PNG = "algorithms_wall.png";

  /** Why early training-success points can sit above the evaluation. */
  static final String BIAS_NOTE = "Training success is over the episodes that ended in each "
      + "iteration. When a rollout is shorter than the horizon (PPO here), the first iterations "
      + "only see the episodes that ended early, which are mostly successes, so the curve starts "
      + "high; GRPO runs whole episodes and has no such bias. The greedy evaluation above is the "
      + "unbiased number.";

  private AlgorithmsReport() {}

  static Path write(AlgorithmComparison.Request req, List<AlgorithmComparison.Run> runs,
      AlgorithmComparison.Baseline baseline, ExperimentConfig first) throws IOException {
    Files.createDirectories(req.outDir());
    Map<String, List<AlgorithmComparison.Run>> byArm = new LinkedHashMap<>();
    for (AlgorithmComparison.Run r : runs) {
      byArm.computeIfAbsent(r.arm(), k -> new ArrayList<>()).add(r);
    }
    List<Curve> all = runs.stream().map(AlgorithmComparison.Run::curve).toList();
    double endSteps = Band.end(all, false);
    double endWall = Band.end(all, true);
    Map<String, Band> steps = new LinkedHashMap<>();
    Map<String, Band> wall = new LinkedHashMap<>();
    Map<String, Band> wallChart = new LinkedHashMap<>();
    byArm.forEach((arm, rs) -> {
      List<Curve> curves = rs.stream().map(AlgorithmComparison.Run::curve).toList();
      steps.put(arm, Band.of(curves, false, AlgorithmComparison.GRID, endSteps));
      wall.put(arm, Band.of(curves, true, AlgorithmComparison.GRID, endWall));
      // the chart draws each algorithm up to its own shortest run: one that takes longer for the
      // same env steps is not cut at the faster one's end
      wallChart.put(arm, Band.of(curves, true, AlgorithmComparison.GRID, Band.end(curves, true)));
    });
    ComparisonChart.write(req.outDir().resolve(STEPS_PNG),
        "training success rate vs env steps", "env steps", steps);
    ComparisonChart.write(req.outDir().resolve(WALL_PNG),
        "training success rate vs wall clock", "wall-clock seconds (training)", wallChart);

    StringBuilder md = new StringBuilder();
    md.append("# PPO vs GRPO\n\n");
    md.append("Regenerate with:\n\n```bash\n").append(req.command()).append("\n```\n\n");
    md.append("- config: `").append(req.config()).append("` (name `").append(first.name())
        .append("`), env `").append(first.env().kind()).append("`, policy `")
        .append(first.policy().kind()).append("`\n");
    md.append("- overrides for every run: ").append(code(req.common())).append("\n");
    for (AlgorithmComparison.Arm a : req.arms()) {
      md.append("- ").append(a.name()).append(": ").append(code(a.overrides())).append("\n");
    }
    md.append("- budget per run: ").append(first.train().total_steps()).append(" env steps; seeds ")
        .append(req.seeds()).append("; evaluation: ").append(first.eval().episodes())
        .append(" episodes, greedy = ").append(first.eval().greedy()).append("\n");
    if (req.init() != null) {
      md.append("- every run starts from `").append(req.init()).append("`");
      if (baseline != null) {
        md.append(String.format(Locale.ROOT, " (its own evaluation: %.1f%% over %d episodes)",
            100 * baseline.successRate(), baseline.episodes()));
      }
      md.append("\n");
    } else {
      md.append("- no starting checkpoint: every run starts from the policy's initialization "
          + "(seeded by `seed`)\n");
    }
    md.append("\n## Final evaluation (greedy)\n\n| algorithm | per seed | mean | std | min..max "
        + "| above the start | env steps | wall s (mean) |\n|---|---|---:|---:|---|---:|---:|---:|\n");
    byArm.forEach((arm, rs) -> {
      double[] e = rs.stream().mapToDouble(AlgorithmComparison.Run::evalSuccess).toArray();
      List<String> per = new ArrayList<>();
      for (AlgorithmComparison.Run r : rs) {
        per.add(String.format(Locale.ROOT, "s%d: %.1f%%", r.seed(), 100 * r.evalSuccess()));
      }
      String above = baseline == null ? "–" : Arrays.stream(e)
          .filter(v -> v > baseline.successRate()).count() + " of " + e.length + " seeds";
      md.append(String.format(Locale.ROOT, "| %s | %s | %.1f%% | %.1f | %.1f..%.1f%% | %s | %d | %.1f |\n",
          arm, String.join(", ", per), 100 * mean(e), 100 * std(e), 100 * min(e), 100 * max(e),
          above, rs.get(0).envSteps(),
          rs.stream().mapToDouble(AlgorithmComparison.Run::wallSeconds).average().orElse(0)));
    });
    perTask(md, byArm, baseline);
    md.append("\n## Training success (episodes finished in each iteration, mean and min..max over seeds)\n\n");
    table(md, "env steps", steps, false);
    table(md, "wall-clock seconds", wall, true);
    md.append("![success vs env steps](").append(STEPS_PNG).append(")\n\n");
    md.append("![success vs wall clock](").append(WALL_PNG).append(")\n\n");
    md.append(BIAS_NOTE).append("\n\n");
    md.append("Env steps count every simulator step, GRPO's idle ones included (members of a group "
        + "that finished early are stepped until the slowest member's episode ends). Training and "
        + "evaluation numbers are deterministic for a given config and seed; the wall-clock axis "
        + "depends on the machine and its load. Run directories: `").append(req.runsDir())
        .append("`.\n");
    Path file = req.outDir().resolve(FILE);
    Files.writeString(file, md.toString());
    return file;
  }

  /** Success per task: the start's, then each algorithm's mean (min..max) over seeds. */
  private static void perTask(StringBuilder md, Map<String, List<AlgorithmComparison.Run>> byArm,
      AlgorithmComparison.Baseline baseline) {
    List<String> tasks = new ArrayList<>();
    byArm.values().forEach(rs -> rs.forEach(r -> r.perTask().keySet().forEach(t -> {
      if (!tasks.contains(t)) {
        tasks.add(t);
      }
    })));
    if (tasks.isEmpty()) {
      return;
    }
    md.append("\nPer task (greedy evaluation; algorithms: mean and min..max over seeds):\n\n| | ")
        .append(String.join(" | ", tasks)).append(" |\n|---|")
        .append("---:|".repeat(tasks.size())).append("\n");
    if (baseline != null) {
      md.append("| start |");
      for (String t : tasks) {
        Double v = baseline.perTask().get(t);
        md.append(v == null ? " – |" : String.format(Locale.ROOT, " %.1f%% |", 100 * v));
      }
      md.append("\n");
    }
    byArm.forEach((arm, rs) -> {
      md.append("| ").append(arm).append(" |");
      for (String t : tasks) {
        double[] v = rs.stream().filter(r -> r.perTask().containsKey(t))
            .mapToDouble(r -> r.perTask().get(t)).toArray();
        md.append(v.length == 0 ? " – |" : String.format(Locale.ROOT, " %.1f%% (%.1f..%.1f) |",
            100 * mean(v), 100 * min(v), 100 * max(v)));
      }
      md.append("\n");
    });
  }

  private static void table(StringBuilder md, String axis, Map<String, Band> bands, boolean wall) {
    md.append("| algorithm | ");
    Band any = bands.values().iterator().next();
    int last = any.x().length - 1;
    int[] at = {last / 4, last / 2, 3 * last / 4, last};
    for (int i : at) {
      md.append(String.format(Locale.ROOT, wall ? "%.0f s | " : "%.0f steps | ", any.x()[i]));
    }
    md.append("\n|---|").append("---:|".repeat(at.length)).append("\n");
    bands.forEach((arm, b) -> {
      md.append("| ").append(arm).append(" | ");
      for (int i : at) {
        md.append(String.format(Locale.ROOT, "%.1f%% (%.1f..%.1f) | ", 100 * b.mean()[i],
            100 * b.min()[i], 100 * b.max()[i]));
      }
      md.append("\n");
    });
    md.append("\n(at fractions of the shortest run's ").append(axis).append(", linearly "
        + "interpolated between iterations)\n\n");
  }

  private static String code(List<String> o) {
    return o.isEmpty() ? "none" : "`" + String.join(" ", o) + "`";
  }

  static double mean(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s / a.length;
  }

  /** Sample standard deviation (n - 1); 0 for one value. */
  static double std(double[] a) {
    if (a.length < 2) {
      return 0;
    }
    double m = mean(a);
    double s = 0;
    for (double v : a) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / (a.length - 1));
  }

  private static double min(double[] a) {
    double m = Double.POSITIVE_INFINITY;
    for (double v : a) {
      m = Math.min(m, v);
    }
    return m;
  }

  private static double max(double[] a) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : a) {
      m = Math.max(m, v);
    }
    return m;
  }
}
