package ai.vlarl.experiments.report;

import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.run.Checkpointer;
import ai.vlarl.framework.run.ExperimentConfig;
import ai.vlarl.framework.run.ExperimentRunner;
import ai.vlarl.framework.run.Json;
import ai.vlarl.framework.run.Plugins;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains each algorithm ("arm") of a comparison with each seed from the same config and the same
 * starting checkpoint, then writes {@code algorithms.md} and its PNG curves ({@link
 * AlgorithmsReport}). The runs stay in {@code runsDir/<arm>-seed<s>/} as ordinary run directories.
 */
public final class AlgorithmComparison {
  /** Points of the common x grid of the curves. */
  static final int GRID = 41;

  /**
   * One algorithm of the comparison: its name (an {@code algo.kind}, also the runs' directory
   * prefix) and the overrides that tune it, applied after the ones that select it ({@link
   * #select}).
   */
  public record Arm(String name, List<String> overrides) {}

  /**
   * What to compare.
   *
   * @param config the experiment YAML every run starts from
   * @param common overrides applied to every run (before the arm's)
   * @param init the checkpoint (an SFT run directory) every run starts from ({@code
   *     policy.init}); null to start from the policy's initialization
   * @param command the command line, written into the report
   */
  public record Request(Path config, List<String> common, List<Arm> arms, List<Long> seeds,
      Path init, Path runsDir, Path outDir, String command) {}

  /** The outcome of one run; {@code perTask} is the evaluation's success rate per task. */
  public record Run(String arm, long seed, Path dir, Curve curve, double evalSuccess,
      int evalEpisodes, Map<String, Double> perTask, long envSteps, double wallSeconds) {}

  /** The starting checkpoint's own evaluation: success rate, episodes, per-task success rates. */
  public record Baseline(double successRate, int episodes, Map<String, Double> perTask) {}

  private final Plugins plugins;
  private final ExperimentRunner runner;

  public AlgorithmComparison(Plugins plugins, ExperimentRunner runner) {
    this.plugins = plugins;
    this.runner = runner;
  }

  /** Runs every arm with every seed, then writes the report; returns the Markdown file. */
  public Path run(Request req, ExperimentRunner.Console console) {
    if (req.init() != null && !Files.isDirectory(req.init())) {
      throw new UserException("--init " + req.init() + " is not a directory (give the SFT run "
          + "directory that 'vlarl sft' wrote)");
    }
    ExperimentConfig base = plugins.load(req.config(), req.common());
    if (req.init() != null && !base.policy().kind().equals("vla")) {
      throw new UserException("--init starts every run from SFT weights, which only a VLA takes: "
          + req.config() + " has policy.kind=" + base.policy().kind());
    }
    String configKind = base.algo().kind();
    List<ExperimentConfig> configs = new ArrayList<>();
    for (Arm arm : req.arms()) {
      for (long seed : req.seeds()) {
        configs.add(plugins.load(req.config(), overrides(req, configKind, arm, seed)));
      }
    }
    List<Run> runs = new ArrayList<>();
    int k = 0;
    for (Arm arm : req.arms()) {
      for (long seed : req.seeds()) {
        Path dir = req.runsDir().resolve(arm.name() + "-seed" + seed);
        ExperimentConfig cfg = configs.get(k++);
        Map<String, Object> summary;
        if (finished(dir, cfg)) {
          console.out().println("== " + arm.name() + ", seed " + seed + ": " + dir
              + " is finished with this config; reading it");
          summary = readSummary(dir);
        } else {
          console.out().println("== " + arm.name() + ", seed " + seed + " -> " + dir);
          summary = runner.train(cfg, dir, console);
        }
        runs.add(result(arm.name(), seed, dir, summary));
      }
    }
    try {
      return AlgorithmsReport.write(req, runs, baseline(req.init()), configs.get(0));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + req.outDir(), e);
    }
  }

  /**
   * The override that selects algorithm {@code kind} in a config whose {@code algo} block is of
   * kind {@code configKind}: {@code algo.kind=K} when they agree (the block's settings apply),
   * otherwise {@code algo={kind: K}}, which replaces the block, so the arm starts from its own
   * algorithm's defaults (a PPO block's {@code value_learning_rate} means nothing to GRPO).
   */
  static String select(String configKind, String kind) {
    return kind.equals(configKind) ? "algo.kind=" + kind : "algo={kind: " + kind + "}";
  }

  /** The overrides of one run: the common ones, the arm's selection and its own, seed, init. */
  static List<String> overrides(Request req, String configKind, Arm arm, long seed) {
    List<String> o = new ArrayList<>(req.common());
    o.add(select(configKind, arm.name()));
    o.addAll(arm.overrides());
    o.add("seed=" + seed);
    if (req.init() != null) {
      o.add("policy.init=" + req.init().toAbsolutePath().normalize());
    }
    return o;
  }

  /**
   * Whether {@code dir} holds a finished run ({@code summary.json}) of exactly {@code cfg}, so a
   * report that was interrupted, or is regenerated, does not train it again. A directory without a
   * summary (an interrupted run) or trained with another config is refused: the report never
   * mixes runs of different settings and never writes over a run.
   */
  static boolean finished(Path dir, ExperimentConfig cfg) {
    if (!Files.exists(dir)) {
      return false;
    }
    Path config = dir.resolve(Checkpointer.CONFIG_FILE);
    if (!Files.isRegularFile(dir.resolve(ExperimentRunner.SUMMARY_FILE))
        || !Files.isRegularFile(config)) {
      throw new UserException(dir + " exists but holds no finished run (no "
          + ExperimentRunner.SUMMARY_FILE + "): finish it with 'vlarl train --resume " + dir
          + "', remove it, or give another --runs-dir");
    }
    try {
      String want = ExperimentRunner.toYaml(cfg);
      String have = Files.readString(config);
      if (!want.equals(have)) {
        throw new UserException(dir + " was trained with another config (first difference: "
            + firstDifference(have, want) + "): remove it, or give another --runs-dir");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return true;
  }

  /** The first line where two texts differ, as "'a' vs 'b'". */
  static String firstDifference(String have, String want) {
    String[] a = have.split("\n", -1);
    String[] b = want.split("\n", -1);
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      String x = i < a.length ? a[i].strip() : "<end>";
      String y = i < b.length ? b[i].strip() : "<end>";
      if (!x.equals(y)) {
        return "'" + x + "' in the run vs '" + y + "' requested";
      }
    }
    return "none";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readSummary(Path dir) {
    try {
      return Json.gson().fromJson(
          Files.readString(dir.resolve(ExperimentRunner.SUMMARY_FILE)), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Double> perTask(Map<String, Object> eval) {
    Map<String, Double> out = new LinkedHashMap<>();
    Object per = eval == null ? null : eval.get("per_task");
    if (per instanceof Map<?, ?> m) {
      m.forEach((task, rate) -> out.put(String.valueOf(task), ((Number) rate).doubleValue()));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Run result(String arm, long seed, Path dir, Map<String, Object> summary) {
    Map<String, Object> eval = (Map<String, Object>) summary.get("eval");
    try {
      return new Run(arm, seed, dir, Curve.read(dir),
          eval == null ? Double.NaN : ((Number) eval.get("success_rate")).doubleValue(),
          eval == null ? 0 : ((Number) eval.get("episodes")).intValue(), perTask(eval),
          ((Number) summary.get("env_steps")).longValue(),
          ((Number) summary.get("wall_seconds")).doubleValue());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The starting checkpoint's own evaluation ({@code summary.json} of an SFT run: {@code
   * eval.success_rate}, {@code eval.episodes}, {@code eval.per_task}), or null.
   */
  @SuppressWarnings("unchecked")
  static Baseline baseline(Path init) {
    if (init == null || !Files.isRegularFile(init.resolve(ExperimentRunner.SUMMARY_FILE))) {
      return null;
    }
    Map<String, Object> eval = (Map<String, Object>) readSummary(init).get("eval");
    if (eval == null) {
      return null;
    }
    return new Baseline(((Number) eval.get("success_rate")).doubleValue(),
        ((Number) eval.get("episodes")).intValue(), perTask(eval));
  }
}
