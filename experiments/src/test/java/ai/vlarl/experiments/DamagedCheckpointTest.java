package ai.vlarl.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.experiments.cli.Vlarl;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint with a damaged file: {@code train --resume}, {@code eval} and {@code deploy} each
 * fail with one line naming the file and what is wrong with it (missing, empty, truncated and
 * after how many bytes, not a file of its kind), and write nothing into the run.
 */
class DamagedCheckpointTest {
  @TempDir static Path tmp;
  static Path run;
  static final String STEP = "checkpoints/step-000000000256/";

  /** 8 sub-envs x 16 decisions = 128 env steps per iteration; 2 iterations. */
  @BeforeAll
  static void train() throws IOException {
    Path cfg = tmp.resolve("small.yaml");
    Files.writeString(cfg, "name: small\nenv: {kind: tabletop, obs_mode: state, tasks: [reach]}\n"
        + "policy: {kind: mlp}\n");
    run = tmp.resolve("run");
    assertEquals(0, Vlarl.execute("train", "--config", cfg.toString(), "--run-dir", run.toString(),
        "env.num_envs=8", "train.rollout_steps=16", "train.total_steps=256", "train.progress=false",
        "eval.enabled=false"));
  }

  @Test
  void truncatedPolicyWeights() throws IOException {
    Path copy = damaged("truncated-policy", "policy.params", f -> truncate(f, 1000));
    String expected = "cannot load the policy weights: " + copy.resolve(STEP + "policy.params")
        + " is truncated: it ended after 1000 bytes";
    assertRefusedEverywhere(copy, expected);
  }

  @Test
  void missingPolicyWeights() throws IOException {
    Path copy = damaged("missing-policy", "policy.params", Files::delete);
    assertRefusedEverywhere(copy,
        "cannot load the policy weights: " + copy.resolve(STEP + "policy.params") + " is missing");
  }

  @Test
  void foreignPolicyWeights() throws IOException {
    Path copy = damaged("foreign-policy", "policy.params", f -> Files.write(f, noise(5000)));
    assertRefusedEverywhere(copy, "cannot load the policy weights: " + copy.resolve(STEP + "policy.params")
        + ": not a vlarl token-policy weights stream");
  }

  @Test
  void truncatedOptimizerState() throws IOException {
    Path copy = damaged("truncated-optimizer", "optimizer.bin", f -> truncate(f, 1000));
    assertResumeRefused(copy, "cannot load the optimizer state: " + copy.resolve(STEP + "optimizer.bin")
        + " is truncated: it ended after 1000 bytes");
  }

  @Test
  void truncatedEnvState() throws IOException {
    Path copy = damaged("truncated-env", "env.bin", f -> truncate(f, 200));
    assertResumeRefused(copy, "cannot load the env state: " + copy.resolve(STEP + "env.bin")
        + " is truncated: it ended after 200 bytes");
  }

  @Test
  void emptyOrForeignTrainingState() throws IOException {
    for (String content : new String[] {"", "[1, 2]", "{\"iteration\": 2}", "not json {"}) {
      Path copy = damaged("state-" + Math.abs(content.hashCode()), "state.json",
          f -> Files.writeString(f, content));
      assertResumeRefused(copy, "cannot load the training state: " + copy.resolve(STEP + "state.json")
          + " is empty or not a training state");
    }
  }

  @Test
  void missingTrainingState() throws IOException {
    Path copy = damaged("missing-state", "state.json", Files::delete);
    assertResumeRefused(copy,
        "cannot load the training state: " + copy.resolve(STEP + "state.json") + " is missing");
  }

  /** {@code train --resume}, {@code eval} and {@code deploy} all refuse {@code copy}. */
  private static void assertRefusedEverywhere(Path copy, String expected) throws IOException {
    assertResumeRefused(copy, expected);
    assertRefused(copy, expected, "eval", "--checkpoint", copy.toString(), "--suite", "tabletop",
        "--episodes-per-task", "2", "--out", tmp.resolve("eval-out").toString());
    assertRefused(copy, expected, "deploy", "--checkpoint", copy.toString(), "--driver", "sim",
        "--sim-time", "--episodes", "1", "--out", tmp.resolve("deploy-out").toString());
    assertFalse(Files.exists(tmp.resolve("eval-out").resolve("report.json")));
    assertFalse(Files.exists(tmp.resolve("deploy-out").resolve("report.json")));
  }

  private static void assertResumeRefused(Path copy, String expected) throws IOException {
    assertRefused(copy, expected, "train", "--resume", copy.toString(), "train.total_steps=512");
  }

  /** The command exits 2 with one line holding {@code expected}, and {@code copy} is unchanged. */
  private static void assertRefused(Path copy, String expected, String... args) throws IOException {
    String before = TestTrees.fingerprint(copy);
    StringWriter err = new StringWriter();
    int code = Vlarl.execute(new PrintWriter(err, true), args);
    String text = err.toString();
    assertEquals(2, code, text);
    assertTrue(text.startsWith("error: ") && text.contains(expected), text);
    assertEquals(1, text.strip().lines().count(), "one line: " + text);
    assertEquals(before, TestTrees.fingerprint(copy), "nothing written into " + copy);
  }

  @FunctionalInterface
  interface Damage {
    void apply(Path file) throws IOException;
  }

  /** A copy of the run with {@code file} of its checkpoint damaged. */
  private static Path damaged(String name, String file, Damage damage) throws IOException {
    Path copy = tmp.resolve(name);
    TestTrees.copyTree(run, copy);
    damage.apply(copy.resolve(STEP + file));
    return copy;
  }

  private static void truncate(Path f, long size) throws IOException {
    assertTrue(Files.size(f) > size, f + " is longer than " + size + " bytes");
    try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
      r.setLength(size);
    }
  }

  private static byte[] noise(int n) {
    byte[] b = new byte[n];
    new java.util.Random(7).nextBytes(b);
    return b;
  }
}
