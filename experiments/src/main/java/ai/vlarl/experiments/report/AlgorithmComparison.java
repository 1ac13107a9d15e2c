package ai.vlarl.experiments.report;

import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.run.ExperimentConfig;
import ai.vlarl.framework.run.ExperimentRunner;
import ai.vlarl.framework.run.Plugins;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
   * @param configKind the {@code algo.kind} of {@code config} with {@code common} applied
   */
  public record Request(Path config, List<String> common, List<Arm> arms, List<Long> seeds,
      Path init, Path runsDir, Path outDir, String command, String configKind) {}

  /** The outcome of one run. */
  public record Run(String arm, long seed, Path dir, Curve curve, double evalSuccess,
      int evalEpisodes, long envSteps, double wallSeconds) {}

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
    List<ExperimentConfig> configs = new ArrayList<>();
    for (Arm arm : req.arms()) {
      for (long seed : req.seeds()) {
        configs.add(plugins.load(req.config(), overrides(req, arm, seed)));
      }
    }
    List<Run> runs = new ArrayList<>();
    int k = 0;
    for (Arm arm : req.arms()) {
      for (long seed : req.seeds()) {
        Path dir = req.runsDir().resolve(arm.name() + "-seed" + seed);
        console.out().println("== " + arm.name() + ", seed " + seed + " -> " + dir);
        Map<String, Object> summary = runner.train(configs.get(k++), dir, console);
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

  static List<String> overrides(Request req, Arm arm, long seed) {
    List<String> o = new ArrayList<>(req.common());
    o.add(select(req.configKind(), arm.name()));
    o.addAll(arm.overrides());
    o.add("seed=" + seed);
    if (req.init() != null) {
      o.add("policy.init=" + req.init().toAbsolutePath().normalize());
    }
    return o;
  }

  @SuppressWarnings("unchecked")
  private static Run result(String arm, long seed, Path dir, Map<String, Object> summary) {
    Map<String, Object> eval = (Map<String, Object>) summary.get("eval");
    try {
      return new Run(arm, seed, dir, Curve.read(dir),
          eval == null ? Double.NaN : ((Number) eval.get("success_rate")).doubleValue(),
          eval == null ? 0 : ((Number) eval.get("episodes")).intValue(),
          ((Number) summary.get("env_steps")).longValue(),
          ((Number) summary.get("wall_seconds")).doubleValue());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The starting checkpoint's own evaluation ({@code summary.json} of an SFT run: {@code
   * eval.success_rate} and {@code eval.episodes}), or null.
   */
  static Map<String, Double> baseline(Path init) {
    if (init == null || !Files.isRegularFile(init.resolve(ExperimentRunner.SUMMARY_FILE))) {
      return null;
    }
    try {
      JsonObject s = JsonParser.parseString(
          Files.readString(init.resolve(ExperimentRunner.SUMMARY_FILE))).getAsJsonObject();
      if (!s.has("eval")) {
        return null;
      }
      JsonObject e = s.getAsJsonObject("eval");
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("success_rate", e.get("success_rate").getAsDouble());
      m.put("episodes", e.get("episodes").getAsDouble());
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
