package ai.vlarl.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.experiments.cli.Vlarl;
import ai.vlarl.simbridge.launch.SimServerProcesses;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} with {@code rollout.env_servers=2} and {@code rollout.pipeline_stages=2}: it starts
 * two real {@code serve-sim} JVMs, pipelines over them through ZeroMQ, restarts one killed during
 * training (the rollout in flight is discarded, logged, and collected again; training completes
 * every iteration), and stops them at the end.
 */
class TrainWithEnvServersTest {
  @TempDir Path tmp;

  /**
   * A serve-sim child started by train: its endpoint is the first argument (the JDK sees only the
   * first 4 KiB of a command line, which the class path fills).
   */
  private static boolean isServer(ProcessHandle p) {
    return endpoint(p) != null;
  }

  /** The endpoint of a serve-sim child, or null. */
  private static String endpoint(ProcessHandle p) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("-D" + SimServerProcesses.ENDPOINT_PROPERTY + "=(\\S+)")
        .matcher(p.info().commandLine().orElse(""));
    return m.find() ? m.group(1) : null;
  }

  /** Kills one serve-sim child once the run has 4 iterations, then records every server pid seen. */
  private static final class Killer extends Thread {
    final Path metrics;
    final Map<Long, String> seen = new ConcurrentHashMap<>();
    volatile String killed;
    volatile boolean stop;
    /** Why this thread ended early, if it did (checked by the test). */
    volatile Exception failure;

    Killer(Path metrics) {
      this.metrics = metrics;
      setDaemon(true);
    }

    @Override
    public void run() {
      while (!stop) {
        ProcessHandle.current().children().filter(TrainWithEnvServersTest::isServer).filter(ProcessHandle::isAlive)
            .forEach(p -> seen.putIfAbsent(p.pid(), String.valueOf(endpoint(p))));
        try {
          if (killed == null && Files.exists(metrics) && Files.readAllLines(metrics).size() >= 4) {
            ProcessHandle victim = ProcessHandle.current().children().filter(TrainWithEnvServersTest::isServer)
                .filter(ProcessHandle::isAlive).findFirst().orElseThrow();
            killed = endpoint(victim);
            victim.destroyForcibly(); // SIGKILL: no goodbye to the client
          }
          Thread.sleep(200);
        } catch (Exception e) {
          failure = e;
          return;
        }
      }
    }
  }

  @Test
  void trainStartsPipelinesRestartsAndStopsItsEnvServers() throws Exception {
    Path run = tmp.resolve("run");
    Path home = Path.of(System.getProperty("vlarl.home", ".")).toAbsolutePath().normalize();
    StringWriter err = new StringWriter();
    Killer killer = new Killer(run.resolve("metrics.jsonl"));
    killer.start();
    PrintStream stderr = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    System.setErr(new PrintStream(new TeeStream(stderr, logs), true)); // slf4j-simple writes to System.err
    // 8 sub-envs (2 servers of 4, one per stage) x 16 decisions = 128 env steps per iteration
    int rc = Vlarl.execute(new PrintWriter(err, true), "train",
        "--config", home.resolve("experiments/configs/reach-state.yaml").toString(),
        "--run-dir", run.toString(), "env.num_envs=8", "rollout.env_servers=2", "rollout.pipeline_stages=2",
        "rollout.server_start_timeout_s=240", "train.total_steps=2560", "train.progress=false",
        "eval.enabled=false");
    killer.stop = true;
    System.setErr(stderr);
    assertEquals(0, rc, err.toString());
    if (killer.failure != null) {
      throw new AssertionError("the thread that kills a server failed", killer.failure);
    }
    assertTrue(killer.seen.size() >= 2, "the serve-sim processes were seen running: " + killer.seen);
    assertTrue(killer.killed != null && killer.killed.startsWith("tcp://"), "a server was killed: " + killer.killed);
    // the killed server's address came back under a new process
    long incarnations = killer.seen.values().stream().filter(killer.killed::equals).count();
    assertTrue(incarnations >= 2, "restarted on " + killer.killed + ": " + killer.seen);
    String log = logs.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(log.contains("restarting it on the same address"), log);
    assertTrue(log.contains("discarding the partial rollout"), log);
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

  /** Writes to two streams. */
  private static final class TeeStream extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    TeeStream(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int x) throws java.io.IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
