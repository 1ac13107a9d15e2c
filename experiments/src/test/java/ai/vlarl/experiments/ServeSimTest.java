package ai.vlarl.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.envs.tabletop.TabletopConfig;
import ai.vlarl.envs.tabletop.TabletopEnvFactory;
import ai.vlarl.experiments.cli.Vlarl;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.simbridge.client.ClientOptions;
import ai.vlarl.simbridge.client.RemoteVectorEnv;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vlarl serve-sim} as a real process, stepped by the Java client like the same env in process. */
class ServeSimTest {
  @TempDir Path tmp;

  @Test
  void servedTabletopEqualsTheLocalOne() throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        Vlarl.class.getName(), "serve-sim", "--env", "tabletop", "--task", "reach", "--task", "push",
        "--num-envs", "3", "--bind", "tcp://127.0.0.1:*", "obs_mode=rgb", "image_size=32")
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
      String line = out.readLine();
      assertTrue(line != null && line.startsWith("serving tabletop"), String.valueOf(line));
      String endpoint = line.substring(line.indexOf(" on ") + 4).split(";")[0];
      TabletopConfig cfg = TabletopConfig.of(Map.of("tasks", List.of("reach", "push"), "num_envs", 3,
          "obs_mode", "rgb", "image_size", 32));
      try (RemoteVectorEnv remote = new RemoteVectorEnv(endpoint, ClientOptions.defaults());
          VectorEnv local = new TabletopEnvFactory().create(cfg, EnvFactory.Purpose.TRAIN, 0)) {
        assertEquals(local.spec(), remote.spec());
        long[] seeds = {5, 6, 7};
        assertEquals(local.reset(seeds), remote.reset(seeds));
        Rng rng = new Rng(9);
        for (int t = 0; t < 5; t++) {
          float[] a = new float[3 * 2 * 4];
          for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.uniform(-1, 1);
          }
          HostArray actions = HostArray.ofFloats(a, 3, 2, 4);
          StepResult want = local.step(actions);
          StepResult got = remote.step(actions);
          assertEquals(want.observations(), got.observations());
          assertEquals(java.util.Arrays.toString(want.reward()), java.util.Arrays.toString(got.reward()));
        }
      }
    } finally {
      p.destroy();
      assertTrue(p.waitFor(10, TimeUnit.SECONDS), "serve-sim stops on SIGTERM");
    }
  }

  @Test
  void publicBindsAreRefusedWithoutCurve() {
    StringWriter err = new StringWriter();
    int rc = Vlarl.execute(new PrintWriter(err, true), "serve-sim", "--env", "tabletop", "--bind", "tcp://0.0.0.0:5999");
    assertEquals(2, rc);
    assertTrue(err.toString().startsWith("error: refusing to bind tcp://0.0.0.0:5999 without encryption"), err.toString());
  }

  @Test
  void badEndpointsAndLimitsAreNamedBeforeAnythingStarts() {
    String[][] cases = {
      {"--bind", "tcp://127.0.0.1:99999", "error: --bind: 'tcp://127.0.0.1:99999' is not a valid endpoint: port 99999 is not in 1..65535"},
      {"--bind", "tcp://127.0.0.1:-1", "error: --bind: 'tcp://127.0.0.1:-1' is not a valid endpoint: port -1 is not in 1..65535"},
      {"--bind", "tcp://127.0.0.1", "error: --bind: 'tcp://127.0.0.1' is not a valid endpoint: it has no :PORT"},
      {"--bind", "tcp://127.0.0.1:abc", "error: --bind: 'tcp://127.0.0.1:abc' is not a valid endpoint: port 'abc' is not a number"},
      {"--bind", "garbage", "error: --bind: 'garbage' is not a valid endpoint: it has no transport"},
      {"--bind", "udp://127.0.0.1:5604", "error: --bind: 'udp://127.0.0.1:5604' is not a valid endpoint: udp:// is not a supported transport"},
      {"--max-request-mb", "0", "error: --max-request-mb must be at least 1 KiB"},
      {"--max-request-mb", "-3", "error: --max-request-mb must be at least 1 KiB"},
    };
    for (String[] c : cases) {
      StringWriter err = new StringWriter();
      int rc = Vlarl.execute(new PrintWriter(err, true), "serve-sim", "--env", "tabletop", c[0], c[1]);
      assertEquals(2, rc, err.toString());
      assertTrue(err.toString().startsWith(c[2]), err.toString());
    }
  }

  @Test
  void generatesKeys() throws Exception {
    Path base = tmp.resolve("keys/server");
    assertEquals(0, Vlarl.execute("serve-sim", "--gen-keys", base.toString()));
    assertTrue(Files.readString(tmp.resolve("keys/server.key_secret")).contains("secret-key = \""));
    assertTrue(Files.readString(tmp.resolve("keys/server.key")).contains("public-key = \""));
  }
}
