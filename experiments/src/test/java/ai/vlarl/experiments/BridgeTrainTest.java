package ai.vlarl.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.experiments.cli.Vlarl;
import ai.vlarl.simbridge.python.PythonServerProcess;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PPO trains through the sim bridge: the CLI with {@code env.kind=remote} against a real Python
 * server process (reference backend), using experiments/configs/bridge-reference.yaml.
 */
class BridgeTrainTest {
  @TempDir Path tmp;

  @Test
  void ppoLearnsTheReferenceTaskThroughTheBridge() throws Exception {
    try (PythonServerProcess server = PythonServerProcess.start(List.of("--backend", "reference",
        "--bind", "tcp://127.0.0.1:*", "--num-envs", "16", "--log-level", "WARNING"), 30)) {
      Path run = tmp.resolve("run");
      StringWriter err = new StringWriter();
      // 16 sub-envs x 16 decisions = 256 env steps per iteration; 32 iterations
      int rc = Vlarl.execute(new PrintWriter(err, true), "train",
          "--config", PythonServerProcess.home().resolve("experiments/configs/bridge-reference.yaml").toString(),
          "--run-dir", run.toString(), "env.addresses=[" + server.endpoint() + "]",
          "train.total_steps=8192", "train.progress=false", "eval.episodes=32");
      assertEquals(0, rc, err + "\nserver output:\n" + server.output());
      List<String> metrics = Files.readAllLines(run.resolve("metrics.jsonl"));
      assertEquals(32, metrics.size());
      JsonObject first = JsonParser.parseString(metrics.get(2)).getAsJsonObject();
      // the untrained policy wanders: every episode of iteration 3 ran into the 40-step horizon
      assertEquals(0.0, first.get("train/success_once").getAsDouble());
      JsonObject summary = JsonParser.parseString(Files.readString(run.resolve("summary.json"))).getAsJsonObject();
      assertEquals(8192, summary.get("env_steps").getAsLong());
      double success = summary.getAsJsonObject("eval").get("success_rate").getAsDouble();
      assertTrue(success >= 0.75, "eval success " + success + " after 8192 steps");
      assertTrue(Files.readString(run.resolve("config.yaml")).contains("kind: remote"));
    }
  }
}
