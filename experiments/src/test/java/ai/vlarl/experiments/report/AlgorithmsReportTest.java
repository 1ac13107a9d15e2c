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
import java.util.List;
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
        List.of(), List.of(1L), Path.of("sft"), Path.of("runs"), Path.of("out"), "", "ppo");
    var plugins = new Assembly().plugins();
    ExperimentConfig grpo = plugins.load(config, AlgorithmComparison.overrides(req,
        new AlgorithmComparison.Arm("grpo", List.of("algo.epochs=2")), 7));
    assertEquals("grpo", grpo.algo().kind());
    GrpoConfig g = grpo.algo().as(GrpoConfig.class);
    assertEquals(2, g.epochs());           // the arm's override
    assertEquals(3.0e-4, g.learning_rate()); // GRPO's default, not carried over from PPO's block
    assertEquals(7, grpo.seed());
    ExperimentConfig ppo = plugins.load(config, AlgorithmComparison.overrides(req,
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
  }
}
