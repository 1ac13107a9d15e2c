package ai.vlarl.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.experiments.cli.Vlarl;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} in the runtime's modes, on reach-state (64 sub-envs x 16 decisions = 1024 env steps
 * per iteration, 4 iterations): with 2 pipeline stages the whole training run equals the k = 1 run
 * (every metric but the timings, and the evaluation); with {@code rollout.async} the learner trains
 * one step off (staleness 0 for the first rollout, then 1) and the weight sync is timed.
 */
class TrainRuntimeModesTest {
  @TempDir Path tmp;

  private Path train(String name, String... overrides) {
    Path home = Path.of(System.getProperty("vlarl.home", ".")).toAbsolutePath().normalize();
    Path run = tmp.resolve(name);
    List<String> args = new ArrayList<>(List.of("train",
        "--config", home.resolve("experiments/configs/reach-state.yaml").toString(),
        "--run-dir", run.toString(), "train.total_steps=4096", "train.progress=false", "eval.episodes=16"));
    args.addAll(List.of(overrides));
    StringWriter err = new StringWriter();
    assertEquals(0, Vlarl.execute(new PrintWriter(err, true), args.toArray(String[]::new)), err.toString());
    return run;
  }

  private static List<JsonObject> metrics(Path run) throws Exception {
    List<JsonObject> out = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      out.add(JsonParser.parseString(line).getAsJsonObject());
    }
    return out;
  }

  /** The metrics that do not depend on the machine's speed. */
  private static List<String> machineIndependent(Path run) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonObject m : metrics(run)) {
      StringBuilder b = new StringBuilder();
      for (Map.Entry<String, JsonElement> e : m.entrySet()) {
        String k = e.getKey();
        if (!k.startsWith("time/") && !k.equals("wall_seconds") && !k.equals("steps_per_s") && !k.equals("timestamp")) {
          b.append(k).append('=').append(e.getValue()).append(' ');
        }
      }
      out.add(b.toString());
    }
    return out;
  }

  private static JsonObject eval(Path run) throws Exception {
    JsonObject s = JsonParser.parseString(Files.readString(run.resolve("summary.json"))).getAsJsonObject();
    JsonObject e = s.getAsJsonObject("eval");
    e.remove("seconds");
    return e;
  }

  @Test
  void twoPipelineStagesTrainExactlyLikeOne() throws Exception {
    // inference in blocks of 32 rows for both (N/k for k = 2), so rollouts are equal bit for bit
    Path k1 = train("k1", "rollout.pipeline_stages=1", "rollout.inference_rows=32");
    Path k2 = train("k2", "rollout.pipeline_stages=2", "rollout.inference_rows=32");
    List<String> a = machineIndependent(k1);
    assertEquals(4, a.size());
    assertTrue(a.get(3).contains("learn/"), a.get(3));
    assertEquals(a, machineIndependent(k2));
    assertEquals(eval(k1).toString(), eval(k2).toString());
  }

  @Test
  void asyncTrainsOneStepOffWithTimedWeightSync() throws Exception {
    Path run = train("async", "rollout.async=true");
    List<JsonObject> m = metrics(run);
    assertEquals(4, m.size());
    double[] staleness = m.stream().mapToDouble(o -> o.get("rollout/staleness").getAsDouble()).toArray();
    assertEquals("[0.0, 1.0, 1.0, 1.0]", java.util.Arrays.toString(staleness));
    for (JsonObject o : m) {
      assertTrue(o.get("time/sync").getAsDouble() > 0, "weights published and loaded: " + o);
      assertTrue(o.has("learn/policy_loss") || o.keySet().stream().anyMatch(k -> k.startsWith("learn/")), o.toString());
    }
    assertEquals(4096, m.get(3).get("env_steps").getAsLong());
    // the final checkpoint was written at rest (after the rollout in flight, if any) and the run evaluated
    assertTrue(Files.isDirectory(run.resolve("checkpoints")));
    assertTrue(eval(run).get("episodes").getAsInt() == 16);
  }
}
