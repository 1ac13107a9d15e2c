package ai.vlarl.experiments.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.experiments.cli.Vlarl;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vlarl eval} on a short real training run: reports, determinism, bad input. */
public class EvalCommandTest {
  @TempDir static Path tmp;
  static Path run;

  /**
   * A 512-step reach and push run (4 iterations of 8 sub-envs × 16 decisions), no final
   * evaluation; its evaluations sample actions (eval.greedy=false), so they depend on the seed
   * through the initial states and the sampling.
   */
  @BeforeAll
  static void train() throws IOException {
    Path cfg = tmp.resolve("small.yaml");
    Files.writeString(cfg, "name: small\nenv: {kind: tabletop, obs_mode: state, tasks: [reach, push]}\n"
        + "policy: {kind: mlp}\n");
    run = tmp.resolve("run");
    assertEquals(0, Vlarl.execute("train", "--config", cfg.toString(), "--run-dir", run.toString(),
        "env.num_envs=8", "train.rollout_steps=16", "train.total_steps=512", "train.progress=false",
        "eval.enabled=false", "eval.greedy=false"));
  }

  static String[] eval(Path out, String... more) {
    String[] base = {"eval", "--checkpoint", run.toString(), "--suite", "tabletop",
      "--episodes-per-task", "6", "--num-envs", "6", "--out", out.toString()};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void writesTheReportWithOneRowPerTrainedTask() throws IOException {
    Path out = tmp.resolve("report-a");
    assertEquals(0, Vlarl.execute(eval(out, "--video", "1")));
    JsonObject r = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
    assertEquals("tabletop", r.get("suite").getAsString());
    assertEquals(12, r.get("episodes").getAsInt());
    JsonArray tasks = r.getAsJsonArray("tasks");
    assertEquals(2, tasks.size());
    double sum = 0;
    for (int i = 0; i < 2; i++) {
      JsonObject t = tasks.get(i).getAsJsonObject();
      assertEquals(i == 0 ? "reach" : "push", t.get("task").getAsString());
      assertEquals(6, t.get("episodes").getAsInt());
      int k = t.get("successes").getAsInt();
      assertEquals(k / 6.0, t.get("success_rate").getAsDouble(), 1e-6);
      JsonArray ci = t.getAsJsonArray("ci95");
      assertTrue(ci.get(0).getAsDouble() <= k / 6.0 && k / 6.0 <= ci.get(1).getAsDouble());
      double len = t.get("mean_length").getAsDouble();
      assertTrue(len >= 1 && len <= (i == 0 ? 50 : 80), "mean length " + len);
      sum += k / 6.0;
    }
    assertEquals(sum / 2, r.get("mean_success_rate").getAsDouble(), 1e-6);
    assertTrue(Files.readString(out.resolve("report.md")).contains("| reach | 6 |"));
    assertTrue(Files.isRegularFile(out.resolve("timing.json")));
    assertTrue(Files.size(out.resolve("chart.png")) > 1000);
    // one GIF per task: the first episode, named with its outcome
    try (var videos = Files.list(out.resolve("videos"))) {
      List<String> names = videos.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(2, names.size(), names.toString());
      assertTrue(names.get(0).matches("push-ep000-(success|failure)\\.gif"), names.get(0));
      assertTrue(names.get(1).matches("reach-ep000-(success|failure)\\.gif"), names.get(1));
    }
  }

  @Test
  void theSameCheckpointAndSeedGiveAnIdenticalReport() throws IOException {
    Path a = tmp.resolve("det-a");
    Path b = tmp.resolve("det-b");
    assertEquals(0, Vlarl.execute(eval(a, "--seed", "3")));
    assertEquals(0, Vlarl.execute(eval(b, "--seed", "3")));
    String report = Files.readString(a.resolve("report.json"));
    assertEquals(report, Files.readString(b.resolve("report.json")));
    // not trivially equal: another seed changes the returns (dense rewards follow every step)
    Path c = tmp.resolve("det-c");
    assertEquals(0, Vlarl.execute(eval(c, "--seed", "4")));
    assertFalse(report.equals(Files.readString(c.resolve("report.json"))));
  }

  @Test
  void aCheckpointDirectoryWorksAndTheDefaultOutputIsInTheRun() throws IOException {
    Path ckpt = run.resolve("checkpoints").resolve(Files.readString(run.resolve("checkpoints/latest")).trim());
    assertEquals(0, Vlarl.execute("eval", "--checkpoint", ckpt.toString(), "--suite", "tabletop",
        "--episodes-per-task", "3"));
    Path dir = run.resolve("eval").resolve(ckpt.getFileName()).resolve("tabletop");
    String report = Files.readString(dir.resolve("report.json"));
    JsonObject r = JsonParser.parseString(report).getAsJsonObject();
    assertEquals(ckpt.toAbsolutePath().normalize().toString(), r.get("checkpoint").getAsString());
    // a second evaluation into the same place is refused before it runs, and the report stays
    String e = error(2, "eval", "--checkpoint", ckpt.toString(), "--suite", "tabletop", "--episodes-per-task", "3",
        "--seed", "8");
    assertEquals("error: " + dir + " already holds an evaluation report (report.json); pass --out DIR to write "
        + "elsewhere, or remove it", e);
    assertEquals(report, Files.readString(dir.resolve("report.json")));
  }

  @Test
  void anOutputDirectoryThatCannotBeCreatedIsRefusedBeforeAnyEpisode() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    String e = error(2, "eval", "--checkpoint", run.toString(), "--suite", "tabletop", "--out",
        file.resolve("sub").toString());
    assertTrue(e.startsWith("error: cannot create the output directory " + file.resolve("sub") + ": "), e);
    assertTrue(!e.contains("\n\tat "), "one line, no stack trace: " + e);
  }

  @Test
  void aSuiteGivenTwiceIsRefusedBeforeItRuns() {
    Path out = tmp.resolve("twice");
    String e = error(2, "eval", "--checkpoint", run.toString(), "--suite", "tabletop", "--suite", "tabletop",
        "--out", out.toString());
    assertEquals("error: --suite tabletop and --suite tabletop would both write into " + out.resolve("tabletop")
        + "; give each suite once", e);
  }

  @Test
  void zeroEpisodesOrSubEnvsAreRefusedNotReplacedByTheDefault() {
    for (String option : new String[] {"--episodes-per-task", "--num-envs"}) {
      String e = error(2, "eval", "--checkpoint", run.toString(), "--suite", "tabletop", option, "0");
      assertEquals("error: --episodes-per-task and --num-envs must be at least 1 (leave them out for the "
          + "suite's own numbers)", e);
    }
  }

  /**
   * The four tabletop suites in one run. This checkpoint observes the state vector, which has no
   * colors and no instruction: the vision and semantic splits give it the training observations
   * (same layouts from the same seeds), so their task results equal the training suite's; the
   * execution split starts objects and the gripper elsewhere.
   */
  @Test
  void theFourTabletopSuitesInOneRun() throws IOException {
    Path out = tmp.resolve("ood");
    assertEquals(0, Vlarl.execute("eval", "--checkpoint", run.toString(), "--suite", "tabletop",
        "--suite", "tabletop-ood-vision", "--suite", "tabletop-ood-semantic", "--suite",
        "tabletop-ood-execution", "--episodes-per-task", "6", "--num-envs", "6", "--out", out.toString()));
    JsonArray train = report(out.resolve("tabletop")).getAsJsonArray("tasks");
    for (String suite : new String[] {"tabletop-ood-vision", "tabletop-ood-semantic"}) {
      JsonObject r = report(out.resolve(suite));
      assertEquals(suite.substring("tabletop-".length()), r.getAsJsonObject("protocol").get("split").getAsString());
      assertEquals(train, r.getAsJsonArray("tasks"), suite);
    }
    JsonObject exec = report(out.resolve("tabletop-ood-execution"));
    assertEquals("ood-execution", exec.getAsJsonObject("protocol").get("split").getAsString());
    assertFalse(train.equals(exec.getAsJsonArray("tasks")), "other starts, other returns");
  }

  static JsonObject report(Path dir) throws IOException {
    return JsonParser.parseString(Files.readString(dir.resolve("report.json"))).getAsJsonObject();
  }

  public static String error(int expectedCode, String... args) {
    StringWriter err = new StringWriter();
    assertEquals(expectedCode, Vlarl.execute(new PrintWriter(err, true), args));
    return err.toString().trim();
  }

  @Test
  void aMissingCheckpointIsOneLine() {
    Path missing = tmp.resolve("no-such-run");
    String e = error(2, "eval", "--checkpoint", missing.toString(), "--suite", "tabletop");
    assertEquals("error: checkpoint " + missing + " does not exist", e);
  }

  @Test
  void aDirectoryWithoutCheckpointsIsOneLine() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    String e = error(2, "eval", "--checkpoint", empty.toString(), "--suite", "tabletop");
    assertTrue(e.startsWith("error: checkpoint " + empty + " is neither a checkpoint directory"), e);
    assertFalse(e.contains("\n"));
  }

  @Test
  void anUnknownSuiteListsTheKnownOnes() {
    String e = error(2, "eval", "--checkpoint", run.toString(), "--suite", "tabletop-ood-nothing");
    assertTrue(e.startsWith("error: unknown suite 'tabletop-ood-nothing'; known: "), e);
    assertTrue(e.contains("tabletop"), e);
    assertFalse(e.contains("\n"));
  }
}
