package ai.vlarl.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.run.ExperimentConfig;
import ai.vlarl.framework.run.Plugins;
import ai.vlarl.simbridge.client.ClientOptions;
import ai.vlarl.simbridge.client.RemoteVectorEnv;
import ai.vlarl.simbridge.server.ServerOptions;
import ai.vlarl.simbridge.server.SimServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Regression: rgb tabletop observations through the real bridge (a SimServer and a
 * RemoteVectorEnv over TCP loopback, JeroMQ both sides). Replies whose headers hold the images
 * (tens of KiB) can reach the client in direct buffers (JeroMQ's receive path); msgpack-core's
 * direct-buffer access needed {@code --add-opens java.base/sun.nio.ch} on JDK 17 and crashed the
 * client with an IllegalAccessError (the {@code bench pipeline --sim tabletop} bug). This test JVM
 * runs without any {@code --add-opens}.
 */
class RgbOverBridgeTest {
  private static final int N = 4;

  @Test
  void rgbStepsOverTheBridgeEqualLocalSteps() {
    Plugins plugins = new Assembly().plugins();
    Map<String, Object> tree = new LinkedHashMap<>();
    // 4 sub-envs of 64 x 64 rgb: 48 KiB of pixels, under the bridge's 64 KiB inline limit, so the
    // images travel inside the msgpack header (as a Python server's msgpack-numpy sends them)
    tree.put("env", new LinkedHashMap<>(Map.of("kind", "tabletop", "tasks", List.of("reach"),
        "obs_mode", "rgb", "image_size", 64, "num_envs", N, "horizon_scale", 0.2)));
    ExperimentConfig cfg = plugins.binder().bind(ExperimentConfig.class, tree);
    EnvFactory f = plugins.envs().get("tabletop");
    try (VectorEnv hosted = f.create(cfg.env().settings(), EnvFactory.Purpose.TRAIN, N);
        SimServer server = new SimServer(hosted, ServerOptions.plain("tcp://127.0.0.1:*")).start();
        RemoteVectorEnv remote = new RemoteVectorEnv(server.endpoint(), ClientOptions.defaults());
        VectorEnv local = f.create(cfg.env().settings(), EnvFactory.Purpose.TRAIN, N)) {
      assertEquals(local.spec(), remote.spec());
      long[] seeds = new long[N];
      java.util.Arrays.setAll(seeds, i -> 40 + i);
      assertEquals(local.reset(seeds), remote.reset(seeds));
      int dim = local.spec().action().dim();
      Rng rng = new Rng(5);
      int done = 0;
      // reach's horizon 50 x 0.2 = 10 decisions: at decision 10 every sub-env still running is
      // truncated at once, so that reply also carries the final observations
      for (int t = 0; t < 12; t++) {
        float[] a = new float[N * dim];
        for (int i = 0; i < a.length; i++) {
          a[i] = (float) rng.uniform(-1, 1);
        }
        HostArray act = HostArray.ofFloats(a, N, 1, dim);
        StepResult want = local.step(act);
        StepResult got = remote.step(act);
        assertEquals(want.observations(), got.observations(), "step " + t);
        assertTrue(got.observations().image() != null, "rgb observations");
        assertArrayEquals(want.reward(), got.reward());
        assertArrayEquals(want.doneEnvs(), got.doneEnvs());
        assertEquals(want.finalObservations(), got.finalObservations());
        done += got.doneEnvs().length;
      }
      assertTrue(done >= N, "every sub-env's episode ended over the bridge: " + done);
    }
  }
}
