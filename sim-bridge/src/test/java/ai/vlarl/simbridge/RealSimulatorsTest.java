package ai.vlarl.simbridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.simbridge.client.ClientOptions;
import ai.vlarl.simbridge.client.RemoteVectorEnv;
import ai.vlarl.simbridge.python.PythonServerProcess;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Opt-in tier: the Java client steps real simulators through the Python server. Needs an
 * interpreter with the simulator installed in {@code VLARL_SIM_PYTHON} (sim-bridge/README.md):
 * {@code ./mvnw -pl sim-bridge -am verify -Dbridge.excludedGroups= -Dgroups=maniskill}.
 */
class RealSimulatorsTest {
  static String python() {
    String p = System.getenv("VLARL_SIM_PYTHON");
    return p == null || p.isBlank() ? PythonServerProcess.interpreter() : p;
  }

  static ClientOptions patient() {
    return ClientOptions.defaults().withTiming(2000, 10, 3, 120_000).withConnectTimeout(300_000);
  }

  static float[] random(Rng rng, int size) {
    float[] a = new float[size];
    for (int i = 0; i < size; i++) {
      a[i] = (float) rng.uniform(-1, 1);
    }
    return a;
  }

  @Test
  @Tag("maniskill")
  void maniskillPickCubeOnCpu() {
    try (PythonServerProcess server = PythonServerProcess.start(python(), List.of("--backend", "maniskill",
        "--env-id", "PickCube-v1", "--num-envs", "2", "--sim-backend", "physx_cpu", "--render-backend", "none",
        "--obs-mode", "state", "--control-mode", "pd_joint_delta_pos", "--bind", "tcp://127.0.0.1:*",
        "--log-level", "WARNING"), 300);
        RemoteVectorEnv env = new RemoteVectorEnv(server.endpoint(), patient())) {
      assertEquals(List.of("PickCube-v1"), env.spec().tasks());
      assertEquals(List.of(50), env.spec().horizons());
      int dim = env.spec().action().dim();
      Observations o = env.reset(new long[] {5, 5});
      int s = env.spec().observation().stateDim();
      float[] st = o.state().toFloatArray();
      assertArrayEquals(java.util.Arrays.copyOfRange(st, 0, s), java.util.Arrays.copyOfRange(st, s, 2 * s));
      Rng rng = new Rng(1);
      int episodes = 0;
      for (int t = 0; t < 13; t++) { // 13 chunks of 4 = 52 steps > the 50-step horizon
        StepResult r = env.step(HostArray.ofFloats(random(rng, 2 * 4 * dim), 2, 4, dim));
        episodes += r.doneEnvs().length;
      }
      assertTrue(episodes >= 2, episodes + " episodes");
      assertTrue(env.usesDataConnection(), "the steps went over the data connection");
    }
  }

  @Test
  @Tag("libero")
  void liberoSpatialTask() {
    try (PythonServerProcess server = PythonServerProcess.start(python(), List.of("--backend", "libero",
        "--suite", "libero_spatial", "--task-ids", "0", "--num-envs", "2", "--render-size", "128",
        "--image-size", "128", "--max-steps", "20", "--bind", "tcp://127.0.0.1:*", "--log-level", "WARNING"), 600);
        RemoteVectorEnv env = new RemoteVectorEnv(server.endpoint(), patient())) {
      assertEquals(128, env.spec().observation().imageHeight());
      Observations o = env.reset(new long[] {0, 1});
      assertArrayEquals(new int[] {2, 128, 128, 3}, o.image().shape());
      assertTrue(o.instructions()[0].length() > 10, o.instructions()[0]);
      int episodes = 0;
      for (int t = 0; t < 6; t++) { // 24 steps > the 20-step horizon
        episodes += env.step(HostArray.ofFloats(new float[2 * 4 * 7], 2, 4, 7)).doneEnvs().length;
      }
      assertEquals(2, episodes);
      assertTrue(env.usesDataConnection(), "the steps went over the data connection");
    }
  }
}
