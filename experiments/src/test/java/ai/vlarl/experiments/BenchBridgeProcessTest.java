package ai.vlarl.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.experiments.cli.Vlarl;
import ai.vlarl.simbridge.launch.SimServerProcesses;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bench bridge --server process}: a real {@code serve-sim} child JVM per row, measured over
 * the data connection, and gone when the row is done.
 */
class BenchBridgeProcessTest {
  private static List<ProcessHandle> serveSimChildren() {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("-D" + SimServerProcesses.ENDPOINT_PROPERTY + "="))
        .filter(ProcessHandle::isAlive)
        .toList();
  }

  @Test
  void aRowAgainstAServeSimChildProcess() throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      rc = Vlarl.execute("bench", "bridge", "--server", "process", "--envs", "2", "--images", "16", "--chunks", "2",
          "--seconds", "0.4");
    } finally {
      System.setOut(stdout);
    }
    assertEquals(0, rc);
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{")).toList();
    assertEquals(1, lines.size(), out.toString(StandardCharsets.UTF_8));
    JsonObject row = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    assertEquals("process", row.get("server").getAsString());
    assertEquals(2, row.get("envs").getAsInt());
    assertEquals(16, row.get("image").getAsInt());
    assertEquals(2, row.get("chunk").getAsInt());
    assertTrue(row.get("data_connection").getAsBoolean(), "the child offers a data connection on loopback");
    assertTrue(row.get("steps").getAsLong() > 1, row.toString());
    // the child really stepped the env: it reports time spent inside its env on every step
    assertTrue(row.get("server_env_ms").getAsDouble() > 0, row.toString());
    // per step at least 2 sub-envs x 16 x 16 x 3 bytes of rgb and their chunks of 2 actions x 4 float32
    assertTrue(row.get("payload_mb").getAsDouble() >= (2 * 16 * 16 * 3 + 2 * 2 * 4 * 4) / 1e6, row.toString());
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!serveSimChildren().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(List.of(), serveSimChildren(), "the row's server process is stopped");
  }
}
