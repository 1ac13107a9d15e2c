package ai.vlarl.experiments.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.experiments.Assembly;
import ai.vlarl.experiments.cli.Vlarl;
import ai.vlarl.framework.rl.GrpoConfig;
import ai.vlarl.framework.rl.PpoConfig;
import ai.vlarl.framework.run.ExperimentConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlgorithmsReportTest {

  @Test
  void curvesInterpolateAndBandsAggregateOverSeeds() {
    // seed A: success 0 at 100 steps, 1 at 300; seed B: 0.5 at 100, 0.5 at 200
    Curve a = new Curve(new double[] {100, 300}, new double[] {1, 3}, new double[] {0, 1});
    Curve b = new Curve(new double[] {100, 200}, new double[] {2, 4}, new double[] {0.5, 0.5});
    assertEquals(0.5, a.at(200, false), 1e-12); // halfway between 0 and 1
    assertEquals(0.0, a.at(50, false), 1e-12); // held flat before the first point
    assertEquals(0.75, a.at(2.5, true), 1e-12); // wall clock: 2.5 s is 3/4 of the way
    // common end = shortest run's last x = 200 steps; grid 0, 100, 200
    assertEquals(200, Band.end(List.of(a, b), false), 1e-12);
    Band band = Band.of(List.of(a, b), false, 3, 200);
    assertArrayEquals(new double[] {0, 100, 200}, band.x(), 1e-12);
    // at 200: A = 0.5, B = 0.5; at 100: A = 0, B = 0.5 -> mean 0.25, min 0, max 0.5
    assertArrayEquals(new double[] {0.25, 0.25, 0.5}, band.mean(), 1e-12);
    assertArrayEquals(new double[] {0, 0, 0.5}, band.min(), 1e-12);
    assertArrayEquals(new double[] {0.5, 0.5, 0.5}, band.max(), 1e-12);
  }

  @Test
  void finalEvaluationCountsSeedsAboveTheStartAndListsTasks(@TempDir Path tmp) throws Exception {
    // start 40% (reach 0.9, push 0); ppo seeds 0.5, 0.3, 0.45 -> 2 of 3 above 0.4; grpo 0.41 and
    // 0.42 -> 2 of 2. Per task, ppo push 0.2, 0.0, 0.1 -> mean 10.0%, min..max 0.0..20.0.
    Curve c = new Curve(new double[] {100, 200}, new double[] {1, 2}, new double[] {0.2, 0.4});
    java.util.function.BiFunction<Double, Double, Map<String, Double>> tasks = (reach, push) -> {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("reach", reach);
      m.put("push", push);
      return m;
    };
    List<AlgorithmComparison.Run> runs = List.of(
        new AlgorithmComparison.Run("ppo", 1, tmp, c, 0.5, 100, tasks.apply(0.8, 0.2), 200, 10),
        new AlgorithmComparison.Run("ppo", 2, tmp, c, 0.3, 100, tasks.apply(0.6, 0.0), 200, 12),
        new AlgorithmComparison.Run("ppo", 3, tmp, c, 0.45, 100, tasks.apply(0.8, 0.1), 200, 14),
        new AlgorithmComparison.Run("grpo", 1, tmp, c, 0.41, 100, tasks.apply(0.82, 0.0), 200, 5),
        new AlgorithmComparison.Run("grpo", 2, tmp, c, 0.42, 100, tasks.apply(0.84, 0.0), 200, 7));
    AlgorithmComparison.Request req = new AlgorithmComparison.Request(Path.of("x.yaml"), List.of(),
        List.of(), List.of(1L, 2L, 3L), Path.of("sft"), tmp.resolve("runs"), tmp.resolve("out"),
        "cmd");
    ExperimentConfig cfg = new Assembly().plugins().load(Path.of(System.getProperty("vlarl.home",
        "..")).resolve("experiments/configs/reach-state.yaml"), List.of());
    Path md = AlgorithmsReport.write(req, runs,
        new AlgorithmComparison.Baseline(0.4, 100, tasks.apply(0.9, 0.0)), cfg);
    String text = Files.readString(md);
    assertTrue(text.contains("(its own evaluation: 40.0% over 100 episodes)"), text);
    // ppo: mean (50 + 30 + 45) / 3 = 41.7, std sqrt(((8.3)^2 + (11.7)^2 + (3.3)^2) / 2) = 10.4
    assertTrue(text.contains("| ppo | s1: 50.0%, s2: 30.0%, s3: 45.0% | 41.7% | 10.4 | 30.0..50.0% "
        + "| 2 of 3 seeds | 200 | 12.0 |"), text);
    assertTrue(text.contains("| grpo | s1: 41.0%, s2: 42.0% | 41.5% | 0.7 | 41.0..42.0% "
        + "| 2 of 2 seeds | 200 | 6.0 |"), text);
    assertTrue(text.contains("| | reach | push |"), text);
    assertTrue(text.contains("| start | 90.0% | 0.0% |"), text);
    // ppo reach (80 + 60 + 80) / 3 = 73.3
    assertTrue(text.contains("| ppo | 73.3% (60.0..80.0) | 10.0% (0.0..20.0) |"), text);
    assertTrue(text.contains("| grpo | 83.0% (82.0..84.0) | 0.0% (0.0..0.0) |"), text);
  }

  @Test
  void sampleStandardDeviation() {
    // [0.2, 0.4, 0.6]: mean 0.4, squared deviations 0.04 + 0 + 0.04, / 2 -> 0.04, std 0.2
    assertEquals(0.2, AlgorithmsReport.std(new double[] {0.2, 0.4, 0.6}), 1e-12);
    assertEquals(0.0, AlgorithmsReport.std(new double[] {0.7}), 1e-12);
  }

  @Test
  void reportCommandRunsBothAlgorithmsOverSeedsAndWritesTheReport(@TempDir Path tmp) throws Exception {
    Path config = Path.of(System.getProperty("vlarl.home", ".."))
        .resolve("experiments/configs/reach-state.yaml");
    Path out = tmp.resolve("reports");
    assertEquals(0, Vlarl.execute("report", "algorithms", "--config", config.toString(),
        "--grpo", "train.rollout_steps=50", "--grpo", "algo.group_size=4", "--seeds", "1,2",
        "--out", out.toString(), "--runs-dir", tmp.resolve("runs").toString(),
        "train.total_steps=1000", "env.num_envs=16", "eval.episodes=8", "train.progress=false"));
    for (String run : List.of("ppo-seed1", "ppo-seed2", "grpo-seed1", "grpo-seed2")) {
      assertTrue(Files.isRegularFile(tmp.resolve("runs").resolve(run).resolve("summary.json")), run);
    }
    String md = Files.readString(out.resolve(AlgorithmsReport.FILE));
    assertTrue(md.contains("./vlarl report algorithms --config " + config), md);
    assertTrue(md.contains("--grpo train.rollout_steps=50 --grpo algo.group_size=4 --seeds 1,2"), md);
    assertTrue(md.contains("| ppo | s1: "), md);
    assertTrue(md.contains("| grpo | s1: "), md);
    assertTrue(md.contains("budget per run: 1000 env steps; seeds [1, 2]"), md);
    for (String png : List.of(AlgorithmsReport.STEPS_PNG, AlgorithmsReport.WALL_PNG)) {
      BufferedImage img = ImageIO.read(out.resolve(png).toFile());
      assertEquals(720, img.getWidth());
      assertTrue(md.contains("](" + png + ")"), png);
    }
    assertTrue(md.contains("| | reach |"), md); // the per-task table

    // again with the same settings: the finished runs are read, not retrained (same report);
    // with other settings the runs directory is refused, and nothing in it changes
    Path summary = tmp.resolve("runs/ppo-seed1/summary.json");
    String before = Files.readString(summary);
    java.io.StringWriter log = new java.io.StringWriter();
    String[] again = {"report", "algorithms", "--config", config.toString(),
        "--grpo", "train.rollout_steps=50", "--grpo", "algo.group_size=4", "--seeds", "1,2",
        "--out", out.toString(), "--runs-dir", tmp.resolve("runs").toString(),
        "train.total_steps=1000", "env.num_envs=16", "eval.episodes=8", "train.progress=false"};
    java.io.PrintStream stdout = System.out;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(captured, true));
    try {
      assertEquals(0, Vlarl.execute(again));
    } finally {
      System.setOut(stdout);
    }
    assertTrue(captured.toString().contains("is finished with this config; reading it"),
        captured.toString());
    assertEquals(md, Files.readString(out.resolve(AlgorithmsReport.FILE)));
    again[again.length - 2] = "eval.episodes=9";
    assertEquals(2, Vlarl.execute(new java.io.PrintWriter(log, true), again));
    assertTrue(log.toString().contains("ppo-seed1 was trained with another config (first "
        + "difference: 'episodes: 8' in the run vs 'episodes: 9' requested)"), log.toString());
    assertEquals(before, Files.readString(summary));
  }

  @Test
  void anArmOfAnotherKindStartsFromItsOwnDefaults() {
    // default.yaml's algo block is PPO's and sets value_learning_rate, a key GRPO does not have:
    // the GRPO arm replaces the block, the PPO arm keeps it.
    Path config = Path.of(System.getProperty("vlarl.home", ".."))
        .resolve("experiments/configs/default.yaml");
    assertEquals("algo.kind=ppo", AlgorithmComparison.select("ppo", "ppo"));
    assertEquals("algo={kind: grpo}", AlgorithmComparison.select("ppo", "grpo"));
    AlgorithmComparison.Request req = new AlgorithmComparison.Request(config, List.of(),
        List.of(), List.of(1L), Path.of("sft"), Path.of("runs"), Path.of("out"), "");
    var plugins = new Assembly().plugins();
    ExperimentConfig grpo = plugins.load(config, AlgorithmComparison.overrides(req, "ppo",
        new AlgorithmComparison.Arm("grpo", List.of("algo.epochs=2")), 7));
    assertEquals("grpo", grpo.algo().kind());
    GrpoConfig g = grpo.algo().as(GrpoConfig.class);
    assertEquals(2, g.epochs());           // the arm's override
    assertEquals(3.0e-4, g.learning_rate()); // GRPO's default, not carried over from PPO's block
    assertEquals(7, grpo.seed());
    ExperimentConfig ppo = plugins.load(config, AlgorithmComparison.overrides(req, "ppo",
        new AlgorithmComparison.Arm("ppo", List.of()), 7));
    assertEquals(3.0e-3, ppo.algo().as(PpoConfig.class).value_learning_rate()); // the block's
  }

  @Test
  void missingInitIsAUserError(@TempDir Path tmp) {
    Path config = Path.of(System.getProperty("vlarl.home", ".."))
        .resolve("experiments/configs/reach-state.yaml");
    java.io.StringWriter err = new java.io.StringWriter();
    assertEquals(2, Vlarl.execute(new java.io.PrintWriter(err, true), "report", "algorithms",
        "--config", config.toString(), "--init", tmp.resolve("nope").toString(),
        "--out", tmp.toString()));
    assertTrue(err.toString().contains("is not a directory"), err.toString());
    // an existing directory with a config whose policy is not a VLA: --init means nothing to it
    java.io.StringWriter err2 = new java.io.StringWriter();
    assertEquals(2, Vlarl.execute(new java.io.PrintWriter(err2, true), "report", "algorithms",
        "--config", config.toString(), "--init", tmp.toString(), "--out", tmp.resolve("out").toString()));
    assertEquals("error: --init starts every run from SFT weights, which only a VLA takes: " + config
        + " has policy.kind=mlp", err2.toString().trim());
  }
}
