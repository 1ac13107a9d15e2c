package ai.vlarl.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.experiments.cli.Vlarl;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole stack learns: PPO with the MLP policy on the state-mode reach task, exactly as
 * {@code experiments/configs/reach-state.yaml} runs it (100k env steps, about 20 s here), must end
 * with a greedy success rate of at least 90% over 50 evaluation episodes. A random policy scores
 * near 0% (see TrainEndToEndTest's 512-step run).
 */
class PpoLearnsReachTest {
  @Test
  void reachStateConfigLearnsToReach(@TempDir Path tmp) throws Exception {
    Path config = Path.of(System.getProperty("vlarl.home", "..")).resolve("experiments/configs/reach-state.yaml");
    Path run = tmp.resolve("reach");
    assertEquals(0, Vlarl.execute("train", "--config", config.toString(), "--run-dir", run.toString(),
        "train.progress=false", "eval.episodes=50"));
    JsonObject eval = JsonParser.parseString(Files.readString(run.resolve("summary.json")))
        .getAsJsonObject().getAsJsonObject("eval");
    double success = eval.get("success_rate").getAsDouble();
    assertTrue(success >= 0.9, "greedy success after training: " + success);
  }
}
