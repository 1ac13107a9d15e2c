package ai.vlarl.experiments.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.vlarl.experiments.Assembly;
import ai.vlarl.experiments.cli.Vlarl;
import ai.vlarl.framework.env.ActionSpec;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.ObservationSpec;
import ai.vlarl.framework.eval.SuiteEvaluator;
import ai.vlarl.framework.eval.SuitePlan;
import ai.vlarl.framework.eval.SuiteRequest;
import ai.vlarl.framework.eval.TaskResult;
import ai.vlarl.framework.eval.Video;
import ai.vlarl.framework.run.CheckpointedPolicy;
import ai.vlarl.framework.testing.TimedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in tier: the {@code libero-spatial} suite of {@code vlarl eval} against the real LIBERO (MuJoCo, CPU
 * rendering) through a bridge server it starts, one task, two trials. Checks the protocol: the
 * trials per task; the initial state of each trial and the settle steps (trial j's first observed
 * frame equals LIBERO's own rendering of fixed initial state j after 10 no-op steps, computed by
 * {@code libero_first_frames.py} without the bridge, and differs from the one without settling);
 * the max steps (every failed trial lasts exactly 220 steps).
 *
 * <p>Run: {@code VLARL_TEST_LIBERO=1 VLARL_SIM_PYTHON=sim-bridge/python/.libero-venv/bin/python
 * ./mvnw -pl experiments -am test -Dtest=RealLiberoEvalTest -Dsurefire.failIfNoSpecifiedTests=false}
 * (several minutes on 2 cores).
 */
@EnabledIfEnvironmentVariable(named = "VLARL_TEST_LIBERO", matches = "1")
class RealLiberoEvalTest {
  static final int SIZE = 128;
  @TempDir Path tmp;

  @Test
  void oneTaskOfLiberoSpatialFollowsTheProtocol() throws Exception {
    List<String> tasks = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      tasks.add("task" + k);
    }
    EnvSpec spec = new EnvSpec("libero[libero_spatial]", 1, new ObservationSpec(0, SIZE, SIZE, false, 8, true),
        new ActionSpec(7, 8, BridgeSuitesTest.ACTIONS), tasks, java.util.Collections.nCopies(10, 220));
    Path run = tmp.resolve("run");
    UntrainedCheckpoint.write(new Assembly().plugins(), run,
        "name: libero\nenv: {kind: remote, addresses: ['tcp://127.0.0.1:9']}\npolicy: {kind: cnn}\n", spec);
    Assembly assembly = new Assembly();
    SuiteEvaluator.Result result;
    try (CheckpointedPolicy policy = CheckpointedPolicy.load(assembly.plugins(), run)) {
      SuitePlan plan = new LiberoSuite("libero_spatial", 10, 220).plan(new SuiteRequest("libero-spatial", "",
          assembly.plugins(), policy.config(), policy.spec(), 2, 0, 2, List.of("0"), "", List.of()));
      result = SuiteEvaluator.run("libero-spatial", plan, policy, 0, 2, null);
    }
    TaskResult t = result.report().tasks().get(0);
    assertEquals(2, t.episodes());
    assertEquals(0, t.successes(), "an untrained policy");
    assertEquals(220.0, t.meanLength(), "max steps of libero_spatial");
    assertEquals(10, result.report().protocol().get("settle_steps"));

    // the first recorded frame of trial j is the observation after its reset: exact bytes
    Path frames = tmp.resolve("frames");
    python(List.of("libero_spatial", "0", Integer.toString(SIZE), "10", frames.toString(), "0", "1"));
    python(List.of("libero_spatial", "0", Integer.toString(SIZE), "0", frames + "-unsettled", "0"));
    for (int j = 0; j < 2; j++) {
      Video v = result.videos().get(j);
      assertEquals(j, v.episode());
      assertEquals(221, v.frames().size(), "the reset frame and 220 steps");
      assertArrayEquals(Files.readAllBytes(Path.of(frames + "-" + j + ".rgb")), v.frames().get(0),
          "trial " + j + " starts from initial state " + j + " after 10 settle steps");
    }
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(Path.of(frames + "-unsettled-0.rgb")),
        result.videos().get(0).frames().get(0)), "settling changes the first frame");
    assertFalse(java.util.Arrays.equals(result.videos().get(0).frames().get(0),
        result.videos().get(1).frames().get(0)), "two initial states, two scenes");
  }

  /** Runs libero_first_frames.py with the simulator's Python. */
  private static void python(List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(BridgeServer.python(),
        Path.of(RealLiberoEvalTest.class.getResource("/libero_first_frames.py").toURI()).toString()));
    cmd.addAll(args);
    TimedProcess.Result r = TimedProcess.run(new ProcessBuilder(cmd), java.time.Duration.ofSeconds(900));
    if (!r.ok()) {
      throw new AssertionError("libero_first_frames.py failed:\n" + r.output());
    }
  }
}
