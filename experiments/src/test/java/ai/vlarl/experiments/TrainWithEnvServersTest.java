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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} with {@code rollout.env_servers=2} and {@code rollout.pipeline_stages=2}: it starts
 * two real {@code serve-sim} JVMs, pipelines over them through ZeroMQ, and stops them at the end.
 */
class TrainWithEnvServersTest {
  @TempDir Path tmp;

  private static boolean isServer(ProcessHandle p) {
    return p.info().arguments().map(a -> List.of(a).contains("serve-sim")).orElse(false)
        || p.info().commandLine().orElse("").contains("serve-sim");
  }

  @Test
  void trainStartsPipelinesRestartsAndStopsItsEnvServers() throws Exception {
    Path run = tmp.resolve("run");
    Path home = Path.of(System.getProperty("vlarl.home", ".")).toAbsolutePath().normalize();
    StringWriter err = new StringWriter();
    // 8 sub-envs (2 servers of 4, one per stage) x 16 decisions = 128 env steps per iteration
    int rc = Vlarl.execute(new PrintWriter(err, true), "train",
        "--config", home.resolve("experiments/configs/reach-state.yaml").toString(),
        "--run-dir", run.toString(), "env.num_envs=8", "rollout.env_servers=2", "rollout.pipeline_stages=2",
        "rollout.server_start_timeout_s=240", "train.total_steps=2560", "train.progress=false",
        "eval.enabled=false");
    assertEquals(0, rc, err.toString());
    List<String> metrics = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(20, metrics.size(), "every iteration done ");
    JsonObject last = JsonParser.parseString(metrics.get(19)).getAsJsonObject();
    assertEquals(2560, last.get("env_steps").getAsLong());
    assertTrue(last.has("time/env") && last.has("time/inference") && last.has("time/idle"), last.toString());
    // the servers are gone with train
    long alive = ProcessHandle.current().children()
        .filter(TrainWithEnvServersTest::isServer).filter(ProcessHandle::isAlive).count();
    assertEquals(0, alive, "serve-sim processes left running");
  }
}
