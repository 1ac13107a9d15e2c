package ai.vlarl.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.experiments.cli.Vlarl;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Short real training runs through the command line: the run directory, resume, bad input. */
class TrainEndToEndTest {
  /** 8 sub-envs x 16 decisions = 128 env steps per iteration; 4 iterations. */
  private static final String[] SMALL = {
    "env.tasks=[reach]", "env.num_envs=8", "train.rollout_steps=16", "train.total_steps=512",
    "train.checkpoint_every=2", "train.progress=false", "eval.episodes=10", "eval.num_envs=10"
  };

  @TempDir Path tmp;

  private Path config() throws IOException {
    Path f = tmp.resolve("small.yaml");
    Files.writeString(f, "name: small\nenv: {kind: tabletop, obs_mode: state}\npolicy: {kind: mlp}\n");
    return f;
  }

  private static String[] args(String first, Object... rest) {
    List<String> a = new ArrayList<>();
    a.add(first);
    for (Object o : rest) {
      if (o instanceof String[] arr) {
        a.addAll(List.of(arr));
      } else {
        a.add(o.toString());
      }
    }
    return a.toArray(String[]::new);
  }

  /** A finished run of {@link #SMALL} without the final evaluation, in {@code tmp/name}. */
  private Path finishedRun(String name) throws Exception {
    Path run = tmp.resolve(name);
    assertEquals(0, Vlarl.execute(args("train", "--config", config(), "--run-dir", run, SMALL, "eval.enabled=false")));
    return run;
  }

  /** A copy of {@code run} in {@code tmp/name} as a stopped run leaves it: without its summary. */
  private Path stoppedCopy(Path run, String name) throws IOException {
    Path copy = tmp.resolve(name);
    TestTrees.copyTree(run, copy);
    Files.delete(copy.resolve("summary.json"));
    return copy;
  }

  @Test
  void trainWritesTheRunDirectory() throws Exception {
    Path run = tmp.resolve("run");
    assertEquals(0, Vlarl.execute(args("train", "--config", config(), "--run-dir", run, SMALL)));
    assertTrue(Files.isRegularFile(run.resolve("config.yaml")));
    assertEquals(4, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    assertTrue(Files.isDirectory(run.resolve("checkpoints/step-000000000512")));
    String latest = Files.readString(run.resolve("checkpoints/latest")).trim();
    for (String f : List.of("policy.params", "optimizer.bin", "env.bin", "state.json", "config.yaml", "provenance.json")) {
      assertTrue(Files.isRegularFile(run.resolve("checkpoints").resolve(latest).resolve(f)), f);
    }
    JsonObject summary = JsonParser.parseString(Files.readString(run.resolve("summary.json"))).getAsJsonObject();
    assertEquals(512, summary.get("env_steps").getAsLong());
    assertTrue(summary.get("wall_seconds").getAsDouble() > 0);
    JsonObject eval = summary.getAsJsonObject("eval");
    assertEquals(10, eval.get("episodes").getAsInt());
    double rate = eval.get("success_rate").getAsDouble();
    assertTrue(rate >= 0 && rate <= 1);
  }

  @Test
  void resumeContinuesExactlyLikeAnUninterruptedRun() throws Exception {
    Path full = finishedRun("full");

    // Simulate a crash after iteration 3: the checkpoint of iteration 4 was never written, but
    // iteration 3's metrics line was.
    Path crashed = tmp.resolve("crashed");
    TestTrees.copyTree(full, crashed);
    TestTrees.deleteTree(crashed.resolve("checkpoints/step-000000000512"));
    Files.writeString(crashed.resolve("checkpoints/latest"), "step-000000000256\n");
    Path metrics = crashed.resolve("metrics.jsonl");
    List<String> lines = Files.readAllLines(metrics);
    // iteration 3's line, marked so that a resume that kept it instead of writing it again shows
    Files.write(metrics, List.of(lines.get(0), lines.get(1), lines.get(2).replaceFirst("\\{", "{\"stale\":1,")));
    assertEquals(0, Vlarl.execute("train", "--resume", crashed.toString()));

    List<String> a = comparable(full.resolve("metrics.jsonl"));
    List<String> b = comparable(metrics);
    assertEquals(4, a.size());
    assertEquals(a, b);
    assertEquals("step-000000000512", Files.readString(crashed.resolve("checkpoints/latest")).trim());
    assertTrue(Files.isRegularFile(crashed.resolve("checkpoints/step-000000000512/policy.params")));
  }

  @Test
  void aRunStoppedBeforeItsFirstCheckpointResumesFromStepZero() throws Exception {
    Path full = finishedRun("full");

    // Simulate Ctrl-C in iteration 2, before the first checkpoint (every 2 iterations): the config,
    // an events file and iteration 1's metrics line were written (and a torn line), no checkpoint
    Path stopped = stoppedCopy(full, "stopped");
    TestTrees.deleteTree(stopped.resolve("checkpoints"));
    Path metrics = stopped.resolve("metrics.jsonl");
    String attempt = Files.readAllLines(metrics).get(0) + "\n{\"iteration\": 2, \"lo";
    Files.writeString(metrics, attempt);
    List<Path> oldEvents = events(stopped);
    assertEquals(1, oldEvents.size());
    assertUserError("is not empty; pass --resume", "train", "--config", config().toString(),
        "--run-dir", stopped.toString());

    // a resume whose parts cannot be built writes nothing
    String before = TestTrees.fingerprint(stopped);
    assertUserError("rollout.env_servers=3 must divide env.num_envs=8", "train", "--resume",
        stopped.toString(), "rollout.env_servers=3");
    assertEquals(before, TestTrees.fingerprint(stopped));
    // nor one whose trainer refuses it (checked when the rollout collector is built)
    assertUserError("must divide", "train", "--resume", stopped.toString(), "rollout.pipeline_stages=2",
        "rollout.inference_rows=3");
    assertEquals(before, TestTrees.fingerprint(stopped));

    assertEquals(0, Vlarl.execute("train", "--resume", stopped.toString()));
    assertEquals(comparable(full.resolve("metrics.jsonl")), comparable(metrics));
    assertEquals("step-000000000512", Files.readString(stopped.resolve("checkpoints/latest")).trim());
    // the stopped attempt's files are kept aside, as they were
    assertEquals(attempt, Files.readString(stopped.resolve("attempt-1/metrics.jsonl")));
    assertTrue(Files.isRegularFile(stopped.resolve("attempt-1").resolve(oldEvents.get(0).getFileName())));
    assertEquals(1, events(stopped).size());
    assertFalse(events(stopped).contains(oldEvents.get(0)));
  }

  /** What --resume refuses, unchanged: runs it cannot tell how to continue. */
  @Test
  void aResumeWithoutACheckpointIsRefusedWhereStartingOverWouldBeWrong() throws Exception {
    Path full = finishedRun("full");

    // checkpoints that latest does not name (stopped between a checkpoint's rename and latest's)
    Path noLatest = stoppedCopy(full, "no-latest");
    Files.delete(noLatest.resolve("checkpoints/latest"));
    String before = TestTrees.fingerprint(noLatest);
    assertUserError("it has checkpoints (newest step-000000000512) but no checkpoints/latest naming one",
        "train", "--resume", noLatest.toString());
    assertEquals(before, TestTrees.fingerprint(noLatest));

    // a directory no training wrote to: an SFT stage stopped before its checkpoint looks like this
    Path sftLike = tmp.resolve("sft-like");
    Files.createDirectories(sftLike);
    Files.copy(full.resolve("config.yaml"), sftLike.resolve("config.yaml"));
    Files.copy(full.resolve("env_spec.json"), sftLike.resolve("env_spec.json"));
    before = TestTrees.fingerprint(sftLike);
    assertUserError("it has no checkpoint, and no training wrote to it", "train", "--resume", sftLike.toString());
    assertEquals(before, TestTrees.fingerprint(sftLike));

    // a finished run whose checkpoints were deleted by hand
    TestTrees.deleteTree(full.resolve("checkpoints"));
    before = TestTrees.fingerprint(full);
    assertUserError("it finished (summary.json) but has no checkpoint", "train", "--resume", full.toString());
    assertEquals(before, TestTrees.fingerprint(full));
  }

  private static List<Path> events(Path run) throws IOException {
    try (Stream<Path> s = Files.list(run)) {
      return s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).toList();
    }
  }

  /**
   * A real training process stopped by a signal (SIGTERM here; Ctrl-C's SIGINT ends the JVM the
   * same way) says how to go on, and that command finishes the run.
   */
  @Test
  void aRunStoppedByASignalSaysHowToContinue() throws Exception {
    Path run = tmp.resolve("signalled");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        Vlarl.class.getName(), "train", "--config", config().toString(), "--run-dir", run.toString()));
    cmd.addAll(List.of(SMALL));
    cmd.add("train.total_steps=1000000000");
    // to a file: Process.destroy closes its pipes right after the signal, before the child's last words
    Path log = tmp.resolve("train.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Path metrics = run.resolve("metrics.jsonl");
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (!(Files.isRegularFile(metrics) && Files.size(metrics) > 0)) {
        assertTrue(p.isAlive(), () -> "train ended early:\n" + read(log));
        assertTrue(System.nanoTime() < deadline, () -> "no metrics line within 120 s:\n" + read(log));
        Thread.sleep(50);
      }
    } finally {
      p.destroy();
      if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("train did not stop within 60 s of SIGTERM:\n" + read(log));
      }
    }
    String output = Files.readString(log);
    assertTrue(output.contains("interrupted; continue this run with: vlarl train --resume " + run),
        "exit " + p.exitValue() + ": " + output);
    // from its last checkpoint, or from step 0 if it had none; a budget it has met: evaluation only
    assertEquals(0, Vlarl.execute("train", "--resume", run.toString(), "train.total_steps=1"));
    assertTrue(Files.isRegularFile(run.resolve("summary.json")));
  }

  @Test
  void damagedMetricsStopAResumeWithTheLineNamed() throws Exception {
    Path run = finishedRun("run");
    Files.delete(run.resolve("summary.json"));
    Path metrics = run.resolve("metrics.jsonl");
    List<String> lines = new ArrayList<>(Files.readAllLines(metrics));
    lines.set(1, "garbage");
    Files.write(metrics, lines);
    String before = TestTrees.fingerprint(run);
    assertUserError(metrics + " line 2 is not a JSON object", "train", "--resume", run.toString(),
        "train.total_steps=640");
    assertEquals(before, TestTrees.fingerprint(run));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** Metrics lines without the keys that depend on the machine's speed. */
  private static List<String> comparable(Path metrics) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(metrics)) {
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      o.remove("wall_seconds");
      o.remove("steps_per_s");
      o.keySet().removeIf(k -> k.startsWith("time/")); // the timing breakdown
      out.add(o.toString());
    }
    return out;
  }

  @Test
  void resumingAFinishedRunIsRefusedAndChangesNothing() throws Exception {
    Path run = finishedRun("finished");
    String before = TestTrees.fingerprint(run);
    assertUserError(run + " already has 512 env steps (train.total_steps=512): nothing to resume; "
        + "raise train.total_steps to train on", "train", "--resume", run.toString());
    assertUserError(run + " already has 512 env steps (train.total_steps=256): nothing to resume",
        "train", "--resume", run.toString(), "train.total_steps=256");
    assertEquals(before, TestTrees.fingerprint(run));

    // a higher budget trains on from there
    assertEquals(0, Vlarl.execute("train", "--resume", run.toString(), "train.total_steps=640"));
    assertEquals(5, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    JsonObject summary = JsonParser.parseString(Files.readString(run.resolve("summary.json"))).getAsJsonObject();
    assertEquals(640, summary.get("env_steps").getAsLong());

    // a run whose budget was met but whose end never came (no summary.json: its final evaluation
    // failed, say) is not refused: the resume writes the summary without training more
    Files.delete(run.resolve("summary.json"));
    assertEquals(0, Vlarl.execute("train", "--resume", run.toString(), "train.total_steps=640"));
    assertEquals(5, Files.readAllLines(run.resolve("metrics.jsonl")).size(), "no iteration trained");
    summary = JsonParser.parseString(Files.readString(run.resolve("summary.json"))).getAsJsonObject();
    assertEquals(640, summary.get("env_steps").getAsLong());
  }

  @Test
  void userErrorsGiveOneClearLineAndLeaveRunsAlone() throws Exception {
    Path run = finishedRun("existing");
    String before = TestTrees.fingerprint(run);

    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, "env: {kind: tabletop\n");
    assertUserError("is not valid YAML", "train", "--config", bad.toString(), "--run-dir", run.toString());
    assertUserError("did you mean 'train.total_steps'", "train", "--config", config().toString(),
        "train.totl_steps=5");
    assertUserError("unknown env kind 'nope'; known: ", "train", "env.kind=nope");
    assertUserError("is not empty; pass --resume", "train", "--config", config().toString(),
        "--run-dir", run.toString());
    assertUserError("cannot resume", "train", "--resume", tmp.toString() + "/nothing-here");
    assertEquals(before, TestTrees.fingerprint(run));
  }

  @Test
  void aRunDirectoryThatCannotBeCreatedIsOneClearLine() throws Exception {
    Path file = tmp.resolve("a-file");
    Files.writeString(file, "keep");
    Path under = file.resolve("run");
    assertUserError("cannot create run directory " + under + ": " + file + " is a file, not a directory",
        args("train", "--config", config(), "--run-dir", under, SMALL));
    assertEquals("keep", Files.readString(file));
    if (Files.isDirectory(Path.of("/proc/self"))) { // Linux: nothing can be created in /proc
      assertUserError("cannot create run directory /proc/vlarl-run: no such file or directory",
          args("train", "--config", config(), "--run-dir", "/proc/vlarl-run", SMALL));
    }
  }

  /**
   * A run that fails before its first checkpoint (here while building its env or policy, after
   * config.yaml was written) hands its directory back as it found it: a new one disappears with
   * the parents it made, an empty one stays empty, and the corrected command runs there.
   */
  @Test
  void aRunThatFailsBeforeItsFirstCheckpointLeavesItsDirectoryAsItFoundIt() throws Exception {
    Path absent = tmp.resolve("new/parents/run");
    assertUserError("rollout.env_servers=3 must divide env.num_envs=8",
        args("train", "--config", config(), "--run-dir", absent, SMALL, "rollout.env_servers=3"));
    assertFalse(Files.exists(tmp.resolve("new")));

    Path empty = tmp.resolve("empty");
    Files.createDirectories(empty);
    assertUserError("rollout.env_servers=3 must divide env.num_envs=8",
        args("train", "--config", config(), "--run-dir", empty, SMALL, "rollout.env_servers=3"));
    Path bridge = tmp.resolve("bridge.yaml");
    Files.writeString(bridge, "name: bridge\nenv: {kind: remote, addresses: [tcp://127.0.0.1:" + freePort()
        + "], connect_timeout_s: 0.5}\npolicy: {kind: mlp}\n");
    assertUserError("no env server answered at tcp://127.0.0.1:",
        "train", "--config", bridge.toString(), "--run-dir", empty.toString(), "train.progress=false");
    // the VLA's policy.init is read while the policy is built
    assertUserError("policy.init=" + tmp.resolve("nonexistent") + ": no such file or directory",
        "train", "--run-dir", empty.toString(), "policy.init=" + tmp.resolve("nonexistent"),
        "env.num_envs=2", "train.progress=false");
    try (Stream<Path> s = Files.list(empty)) {
      assertEquals(List.of(), s.toList());
    }

    assertEquals(0, Vlarl.execute(args("train", "--config", config(), "--run-dir", empty, SMALL,
        "eval.enabled=false")));
    assertTrue(Files.isDirectory(empty.resolve("checkpoints/step-000000000512")));
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void assertUserError(String expected, String... args) {
    StringWriter err = new StringWriter();
    int code = Vlarl.execute(new PrintWriter(err, true), args);
    String text = err.toString();
    assertEquals(2, code, text);
    assertTrue(text.startsWith("error: ") && text.contains(expected), text);
    assertFalse(text.contains("\tat "), "no stack trace: " + text);
  }
}
