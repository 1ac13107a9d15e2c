package ai.vlarl.experiments.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.experiments.Assembly;
import ai.vlarl.experiments.cli.Vlarl;
import ai.vlarl.framework.env.ActionSpec;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.ObservationSpec;
import ai.vlarl.framework.eval.SuitePlan;
import ai.vlarl.framework.eval.SuiteRequest;
import ai.vlarl.simbridge.python.PythonServerProcess;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A LIBERO suite through a real bridge server process that eval starts itself (the bridge's
 * Python, {@code .venv}), backed by the bridge's fake LIBERO package ({@code
 * sim-bridge/python/tests/fake_libero_pkg}: 2 tasks, 3 fixed initial states, point physics).
 * The checkpoint is an untrained CNN for LIBERO's observation and action layout.
 */
class BridgeSuitesTest {
  static final List<String> ACTIONS = List.of("dx", "dy", "dz", "drx", "dry", "drz", "gripper");
  @TempDir static Path tmp;
  static Path run;

  @BeforeAll
  static void checkpoint() throws IOException {
    EnvSpec spec = new EnvSpec("libero[libero_spatial]", 1, new ObservationSpec(0, 32, 32, false, 8, true),
        new ActionSpec(7, 8, ACTIONS), List.of("pick_up_the_bowl", "open_the_drawer"), List.of(220, 220));
    run = tmp.resolve("libero-run");
    UntrainedCheckpoint.write(new Assembly().plugins(), run,
        "name: libero\nenv: {kind: remote, addresses: ['tcp://127.0.0.1:9']}\npolicy: {kind: cnn}\n", spec);
  }

  @Test
  void aLiberoSuiteRunsItsProtocolThroughAServerItStarts() throws IOException {
    Path out = tmp.resolve("libero-out");
    // the env section names a server that does not exist: env_spec.json spares eval from it
    assertEquals(0, Vlarl.execute("eval", "--checkpoint", run.toString(), "--suite", "libero-spatial",
        "--task", "0", "--task", "1", "--episodes-per-task", "3", "--num-envs", "3", "--video", "1",
        "--server-arg=--libero-package", "--server-arg=tests.fake_libero_pkg", "--out", out.toString()));
    JsonObject r = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
    JsonObject protocol = r.getAsJsonObject("protocol");
    assertEquals(3, protocol.get("trials_per_task").getAsInt());
    assertEquals(10, protocol.get("settle_steps").getAsInt());
    assertEquals(220, protocol.get("max_steps").getAsInt());
    assertEquals(32, protocol.get("image_size").getAsInt());
    JsonArray tasks = r.getAsJsonArray("tasks");
    assertEquals(2, tasks.size());
    // task names come from the server; trial j of task k was seed k + 2j: task k every time
    assertEquals("pick_up_the_bowl", tasks.get(0).getAsJsonObject().get("task").getAsString());
    assertEquals("open_the_drawer", tasks.get(1).getAsJsonObject().get("task").getAsString());
    for (int k = 0; k < 2; k++) {
      JsonObject t = tasks.get(k).getAsJsonObject();
      assertEquals(3, t.get("episodes").getAsInt());
      // the untrained policy's greedy actions never reach a goal: every trial runs its 220 steps
      assertEquals(0, t.get("successes").getAsInt());
      assertEquals(220.0, t.get("mean_length").getAsDouble());
    }
    try (Stream<Path> v = Files.list(out.resolve("videos"))) {
      assertEquals(List.of("open_the_drawer-ep000-failure.gif", "pick_up_the_bowl-ep000-failure.gif"),
          v.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void aTabletopCheckpointDoesNotFitLiberoAndNoServerIsStarted() throws Exception {
    Path tab = tmp.resolve("tabletop-run");
    UntrainedCheckpoint.write(new Assembly().plugins(), tab, "name: t\nenv: {kind: tabletop}\npolicy: {kind: mlp}\n",
        new EnvSpec("tabletop[reach,push,pick-place]", 1, new ObservationSpec(26, 0, 0, false, 0, true),
            new ActionSpec(4, 8, List.of("dx", "dy", "dz", "gripper")), List.of("reach", "push", "pick-place"),
            List.of(50, 80, 100)));
    // watch for child processes while the command runs (a Python server takes seconds to start)
    Set<String> children = ConcurrentHashMap.newKeySet();
    AtomicBoolean done = new AtomicBoolean();
    Thread watch = new Thread(() -> {
      while (!done.get()) {
        ProcessHandle.current().descendants()
            .forEach(p -> children.add(p.info().commandLine().orElse("pid " + p.pid())));
        try {
          Thread.sleep(10);
        } catch (InterruptedException ex) {
          return;
        }
      }
    });
    watch.start();
    String e;
    try {
      e = EvalCommandTest.error(2, "eval", "--checkpoint", tab.toString(), "--suite", "libero-goal");
    } finally {
      done.set(true);
      watch.join();
    }
    assertTrue(e.matches("error: checkpoint .*step-000000000000 acts in 4 action dims \\[dx, dy, dz, gripper\\];"
        + " suite libero-goal takes 7 \\[dx, dy, dz, drx, dry, drz, gripper\\]"), e);
    assertTrue(children.stream().noneMatch(c -> c.contains("vlarl_bridge")), "refused before any server started: "
        + children);
  }

  @Test
  void aServerOfAnotherEnvIsRefusedNamingBoth() {
    try (PythonServerProcess reference = PythonServerProcess.start(List.of("--backend", "reference",
        "--num-envs", "2", "--bind", "tcp://127.0.0.1:*", "--log-level", "WARNING"), 120)) {
      String e = EvalCommandTest.error(2, "eval", "--checkpoint", run.toString(), "--suite", "libero-spatial",
          "--task", "0", "--server", reference.endpoint());
      assertTrue(e.startsWith("error: the bridge server (" + reference.endpoint() + ") serves "), e);
      assertTrue(e.endsWith("this suite needs libero[libero_spatial] with task 1 of its list"), e);
    }
  }

  @Test
  void theManiSkillPlanFollowsItsProtocolAndStartsNothingYet() {
    Assembly a = new Assembly();
    EnvSpec state = new EnvSpec("maniskill[PickCube-v1,state]", 1, new ObservationSpec(42, 0, 0, false, 0, true),
        new ActionSpec(7, 8, ACTIONS), List.of("PickCube-v1"), List.of(50));
    SuitePlan plan = new ManiSkillSuite().plan(new SuiteRequest("maniskill:PickCube-v1", "PickCube-v1",
        a.plugins(), null, state, 0, 3, 0, List.of(), "", List.of("--sim-backend", "physx_cpu")));
    assertTrue(plan.atEnd(), "success_at_end is reported");
    assertEquals(100, plan.protocol().get("episodes_per_task"));
    assertEquals(true, plan.protocol().get("ignore_terminations"));
    assertEquals(16, plan.protocol().get("num_envs"));
    assertEquals("started: python -m vlarl_bridge.server --backend maniskill --env-id PickCube-v1 --num-envs 16"
        + " --ignore-terminations --reconfiguration-freq 1 --reset-mode per_env --obs-mode state"
        + " --sim-backend physx_cpu", plan.protocol().get("server"));
    assertEquals("PickCube-v1", plan.tasks().get(0).name());
    plan.close();
  }

  @Test
  void parameterizedSuitesNeedTheirArgument() {
    assertEquals("error: suite 'maniskill' needs an argument: maniskill:<env-id>",
        EvalCommandTest.error(2, "eval", "--checkpoint", run.toString(), "--suite", "maniskill"));
  }
}
