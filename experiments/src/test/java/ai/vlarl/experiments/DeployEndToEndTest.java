package ai.vlarl.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.experiments.cli.Vlarl;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vlarl deploy} end to end with the {@code sim} driver on a checkpoint trained here (the
 * reach-state config, shortened): the deployed policy, through the safety shield and the control
 * loop, succeeds as often as the framework's evaluator says on the same episodes; a dry run sends
 * nothing; bad input gets one clear line.
 */
class DeployEndToEndTest {
  @TempDir static Path tmp;
  static Path run;

  @BeforeAll
  static void train() {
    Path config = Path.of(System.getProperty("vlarl.home", "..")).resolve("experiments/configs/reach-state.yaml");
    run = tmp.resolve("reach");
    assertEquals(0, Vlarl.execute("train", "--config", config.toString(), "--run-dir", run.toString(),
        "train.progress=false", "train.total_steps=30000", "eval.enabled=false"));
  }

  private static JsonObject report(Path out) throws Exception {
    return JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
  }

  @Test
  void simDeploySucceedsAsOftenAsEvalOnTheSameEpisodes() throws Exception {
    Path out = tmp.resolve("deploy");
    assertEquals(0, Vlarl.execute("deploy", "--checkpoint", run.toString(), "--driver", "sim",
        "--episodes", "20", "--sim-time", "--compare-eval", "--out", out.toString()));
    JsonObject r = report(out);
    double deploy = r.get("success_rate").getAsDouble();
    double eval = r.getAsJsonObject("eval").get("success_rate").getAsDouble();
    assertEquals(20, r.get("episodes").getAsInt());
    assertTrue(Math.abs(deploy - eval) <= 0.10, "deploy " + deploy + " vs eval " + eval);
    assertTrue(eval >= 0.5, "the short training run learned something: " + eval);
    JsonObject loop = r.getAsJsonObject("loop");
    assertEquals(0, loop.get("deadline_misses").getAsInt(), "simulated time has no deadline misses");
    assertEquals(10 * loop.get("steps").getAsLong(), loop.get("ticks").getAsLong(), "100 Hz servo, 10 Hz policy");
    assertTrue(Files.isRegularFile(out.resolve("interventions.jsonl")));
    assertTrue(r.getAsJsonObject("interventions").get("total").getAsLong() > 0,
        "the default 0.25 m/s limit clamps the tabletop's 0.2 m/s-per-axis steps");
  }

  @Test
  void aDryRunComputesCommandsAndMovesNothing() throws Exception {
    Path out = tmp.resolve("dry");
    assertEquals(0, Vlarl.execute("deploy", "--checkpoint", run.toString(), "--episodes", "1",
        "--sim-time", "--dry-run", "--instruction", "reach the red block", "--out", out.toString()));
    JsonObject r = report(out);
    assertTrue(r.get("dry_run").getAsBoolean());
    assertEquals(0.0, r.get("success_rate").getAsDouble(), "the gripper never moved");
    // every servo tick of the 50-step reach horizon was computed and logged
    assertEquals(500, Files.readAllLines(out.resolve("commands.jsonl")).size());
    assertEquals("reach the red block", r.getAsJsonArray("per_episode").get(0).getAsJsonObject()
        .get("instruction").getAsString());
  }

  @Test
  void badInputGetsOneClearLine() {
    assertEquals(2, error("deploy", "--checkpoint", run.toString(), "--driver", "ros")
        .code, "unknown driver");
    Result unknown = error("deploy", "--checkpoint", run.toString(), "--driver", "ros");
    assertTrue(unknown.text.contains("unknown driver 'ros'; known: remote, sim, ur-rtde"), unknown.text);
    Result workspace = error("deploy", "--checkpoint", run.toString(), "--driver", "remote");
    assertTrue(workspace.text.contains("a real arm needs its own workspace"), workspace.text);
    Result state = error("deploy", "--checkpoint", run.toString(), "--driver", "remote", "--instruction",
        "reach the red block", "safety.workspace_min=[-0.25, -0.25, 0.01]", "safety.workspace_max=[0.25, 0.25, 0.25]",
        "--out", tmp.resolve("y").toString());
    assertTrue(state.text.contains("this policy observes a state vector (object poses), which only a simulator knows"),
        state.text);
    Result simTime = error("deploy", "--checkpoint", run.toString(), "--driver", "ur-rtde", "--sim-time",
        "safety.workspace_min=[0, 0, 0]", "safety.workspace_max=[1, 1, 1]");
    assertTrue(simTime.text.contains("--sim-time runs simulated time: only with --driver sim"), simTime.text);
    Result noCkpt = error("deploy", "--checkpoint", tmp.resolve("nothing").toString());
    assertTrue(noCkpt.text.contains("is neither a checkpoint directory"), noCkpt.text);
    Result instr = error("deploy", "--checkpoint", run.toString(), "--sim-time", "--instruction",
        "fly to the moon", "--out", tmp.resolve("x").toString());
    assertTrue(instr.text.contains("no episode of tasks [reach] says \"fly to the moon\""), instr.text);
    // runs that failed before logging anything leave no directory behind to block a retry
    assertTrue(!Files.exists(tmp.resolve("x")) && !Files.exists(tmp.resolve("y")), "leftover output");
    for (String seconds : new String[] {"0", "-1", "NaN"}) {
      Result limit = error("deploy", "--checkpoint", run.toString(), "--sim-time", "--max-seconds", seconds,
          "--out", tmp.resolve("limit").toString());
      assertEquals("error: --max-seconds must be a positive number of seconds, got " + Double.valueOf(seconds),
          limit.text.trim());
    }
    Path file = tmp.resolve("a-file");
    try {
      Files.writeString(file, "x");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Result out = error("deploy", "--checkpoint", run.toString(), "--sim-time", "--out", file.resolve("sub").toString());
    assertTrue(out.text.startsWith("error: cannot create the deploy output directory " + file.resolve("sub")),
        out.text);
  }

  private record Result(int code, String text) {}

  private static Result error(String... args) {
    StringWriter err = new StringWriter();
    int code = Vlarl.execute(new PrintWriter(err, true), args);
    assertEquals(2, code, err.toString());
    return new Result(code, err.toString());
  }
}
