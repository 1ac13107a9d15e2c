package ai.vlarl.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.experiments.cli.Vlarl;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The real-arm path of {@code vlarl deploy}: an image policy (a CNN checkpoint trained for one
 * iteration here) on the {@code remote} driver, served by the Python reference arm server as a
 * real process on loopback, seeing camera frames from image files. A dry run logs commands and
 * moves nothing; a real run moves the server's simulated arm under the shield.
 */
class RemoteDeployTest {
  @TempDir static Path tmp;
  static Path run;
  static Path frames;

  @BeforeAll
  static void trainAndRecord() throws Exception {
    run = tmp.resolve("cnn");
    // the state-MLP experiment's config with the CNN: the default one is the VLA's
    Path mlp = Path.of(System.getProperty("vlarl.home", "..")).resolve("experiments/configs/mlp-state.yaml");
    assertEquals(0, Vlarl.execute("train", "--config", mlp.toString(), "--run-dir", run.toString(), "env.tasks=[reach]",
        "env.obs_mode=rgb", "env.image_size=16", "env.num_envs=4", "policy.kind=cnn",
        "train.rollout_steps=8", "train.total_steps=32", "train.progress=false", "eval.enabled=false"));
    frames = Files.createDirectories(tmp.resolve("frames"));
    for (int k = 0; k < 3; k++) { // a recorded 64x48 "camera": a red square moving right
      BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
      for (int y = 20; y < 30; y++) {
        for (int x = 10 + 10 * k; x < 20 + 10 * k; x++) {
          img.setRGB(x, y, 0xd03020);
        }
      }
      ImageIO.write(img, "png", frames.resolve("frame-" + k + ".png").toFile());
    }
  }

  private static Process server() throws Exception {
    Path home = Path.of(System.getProperty("vlarl.home", "..")).toAbsolutePath().normalize();
    String python = System.getenv("VLARL_PYTHON");
    if (python == null || python.isBlank()) {
      Path venv = home.resolve(".venv/bin/python");
      python = Files.isExecutable(venv) ? venv.toString() : "python3";
    }
    ProcessBuilder pb = new ProcessBuilder(python, "-u", "-m", "vlarl_remote_arm", "--bind",
        "tcp://127.0.0.1:*", "--start", "0,0,0.15").redirectErrorStream(true);
    pb.environment().put("PYTHONPATH", home.resolve("robot-drivers/python").toString());
    return pb.start();
  }

  private static String endpoint(Process p) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertTrue(line != null && line.startsWith("vlarl-remote-arm: serving on "),
        "the arm server (robot-drivers/python, needs pyzmq) did not start: " + line);
    Thread drain = new Thread(() -> {
      try {
        out.transferTo(java.io.Writer.nullWriter());
      } catch (Exception e) {
        // ended
      }
    });
    drain.setDaemon(true);
    drain.start();
    return line.substring("vlarl-remote-arm: serving on ".length()).trim();
  }

  /**
   * The served arm's TCP position [x, y, z], asked for with the server's own {@code state} op (up to
   * three tries of 5 s, each on a new socket: a loaded machine can be slow to answer).
   */
  private static double[] position(String endpoint, Process server) {
    for (int attempt = 0; attempt < 3; attempt++) {
      try (ZContext ctx = new ZContext(); ZMQ.Socket req = ctx.createSocket(SocketType.REQ)) {
        req.setReceiveTimeOut(5000);
        req.setLinger(0);
        req.connect(endpoint);
        req.send("{\"op\": \"state\"}");
        String reply = req.recvStr();
        if (reply != null) {
          var pose = JsonParser.parseString(reply).getAsJsonObject().getAsJsonObject("state").getAsJsonArray("pose");
          return new double[] {pose.get(0).getAsDouble(), pose.get(1).getAsDouble(), pose.get(2).getAsDouble()};
        }
      }
    }
    throw new AssertionError("the arm server did not answer three state requests (process "
        + (server.isAlive() ? "alive" : "exited with " + server.exitValue()) + ")");
  }

  private static JsonObject deploy(String endpoint, Path out, boolean dryRun) throws Exception {
    var args = new java.util.ArrayList<>(java.util.List.of("deploy", "--checkpoint", run.toString(),
        "--driver", "remote", "--instruction", "reach the red block", "--max-seconds", "1",
        "--out", out.toString(), "driver.endpoint=" + endpoint, "camera.kind=files",
        "camera.path=" + frames, "safety.workspace_min=[-0.25, -0.25, 0.01]",
        "safety.workspace_max=[0.25, 0.25, 0.25]", "loop.policy_hz=10", "loop.driver_hz=50",
        // a generous watchdog (500 ms): this test is about driving the served arm, and a loaded
        // CI machine once stalled the loop past 100 ms (the watchdog's own timing is tested in
        // the robot-drivers shield tests)
        "safety.watchdog_periods=25"));
    if (dryRun) {
      args.add("--dry-run");
    }
    assertEquals(0, Vlarl.execute(args.toArray(String[]::new)));
    return JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
  }

  @Test
  void aDryRunOnARemoteArmLogsCommandsAndMovesNothing() throws Exception {
    Process p = server();
    try {
      String endpoint = endpoint(p);
      JsonObject r = deploy(endpoint, tmp.resolve("dry"), true);
      assertArrayEquals(new double[] {0, 0, 0.15}, position(endpoint, p), 1e-12, "the arm stays at its start");
      assertTrue(r.get("dry_run").getAsBoolean());
      assertEquals("reach the red block", r.get("instruction").getAsString());
      assertTrue(r.get("outcome").getAsString().startsWith("time limit"), r.toString());
      assertFalse(r.has("error"), r.toString());
      long lines = Files.readAllLines(tmp.resolve("dry/commands.jsonl")).size();
      assertTrue(lines > 20, "about 50 commands in 1 s at 50 Hz: " + lines);
    } finally {
      p.destroy();
      p.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aRealRunDrivesTheServedArm() throws Exception {
    Process p = server();
    try {
      String endpoint = endpoint(p);
      JsonObject r = deploy(endpoint, tmp.resolve("real"), false);
      assertFalse(r.has("error"), r.toString());
      double[] at = position(endpoint, p);
      double moved = Math.sqrt(at[0] * at[0] + at[1] * at[1] + (at[2] - 0.15) * (at[2] - 0.15));
      assertTrue(moved > 1e-4, "the arm moved from its start (0, 0, 0.15): it is at "
          + java.util.Arrays.toString(at));
      // inside the workspace the run gave the shield
      assertTrue(Math.abs(at[0]) <= 0.25 && Math.abs(at[1]) <= 0.25 && at[2] >= 0.01 && at[2] <= 0.25,
          java.util.Arrays.toString(at));
      JsonObject loop = r.getAsJsonObject("loop");
      assertTrue(loop.get("steps").getAsLong() >= 5, r.toString());
      assertTrue(loop.get("decisions").getAsLong() >= 5, r.toString());
    } finally {
      p.destroy();
      p.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
