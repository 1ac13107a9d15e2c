package ai.vlarl.simbridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EnvServerLost;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.run.EpisodeTally;
import ai.vlarl.framework.run.RolloutCollector;
import ai.vlarl.framework.rl.Rollout;
import ai.vlarl.simbridge.client.ClientOptions;
import ai.vlarl.simbridge.client.RemoteVectorEnv;
import ai.vlarl.simbridge.python.PythonServerProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The Java client against the Python server (reference backend), as real processes over TCP. */
class PythonBridgeTest {

  static PythonServerProcess start(String... args) {
    return TestEnvs.python(args);
  }

  @Test
  void referenceEnvEndToEnd() {
    try (PythonServerProcess server = start("--num-envs", "4");
        RemoteVectorEnv env = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast())) {
      EnvSpec s = env.spec();
      assertEquals("reference-reach[state]", s.name());
      assertEquals(4, s.numEnvs());
      assertEquals(9, s.observation().stateDim());
      assertEquals(List.of("dx", "dy", "dz", "gripper"), s.action().names());
      assertEquals(List.of(40), s.horizons());
      assertTrue(env.serverName().endsWith("(reference)"), env.serverName());

      Observations o = env.reset(new long[] {11, 12, 11, 13});
      float[] st = o.state().toFloatArray();
      for (int k = 0; k < 9; k++) {
        assertEquals(st[k], st[2 * 9 + k], "same seed, same episode");
      }
      assertNotEquals(st[0], st[9]);
      assertTrue(o.instructions()[0].startsWith("move the gripper to the "));
      // state = [p, g, g - p]
      for (int k = 0; k < 3; k++) {
        assertEquals(st[3 + k] - st[k], st[6 + k], 1e-6);
      }
      // one 3-step chunk of +x at full speed: p.x grows by 0.3 unless clipped at 1
      float[] a = new float[4 * 3 * 4];
      for (int i = 0; i < 4 * 3; i++) {
        a[i * 4] = 1f;
      }
      StepResult r = env.step(HostArray.ofFloats(a, 4, 3, 4));
      float[] after = r.observations().state().toFloatArray();
      for (int i = 0; i < 4; i++) {
        if (!r.done(i)) {
          assertEquals(Math.min(1f, st[i * 9] + 0.3f), after[i * 9], 1e-5);
          assertEquals(3, r.steps()[i]);
        }
      }
      Observations p = env.reset(new long[] {12}, new int[] {0});
      assertArrayEquals(java.util.Arrays.copyOfRange(st, 9, 18),
          java.util.Arrays.copyOfRange(p.state().toFloatArray(), 0, 9), "sub-env 0 now runs seed 12");
      UserException bad = assertThrows(UserException.class, () -> env.step(HostArray.ofFloats(new float[12], 4, 1, 3)));
      assertTrue(bad.getMessage().contains("expected [4, chunk, 4]"), bad.getMessage());
    }
  }

  @Test
  void aServerThatExitsAtOnceIsSaidToHaveExited() {
    long t0 = System.nanoTime();
    UserException e = assertThrows(UserException.class,
        () -> PythonServerProcess.start(List.of("--backend", "reference", "--no-such-option"), 900));
    double s = (System.nanoTime() - t0) / 1e9;
    assertTrue(s < 60, "reported at its exit, not after the 900 s timeout: " + s + " s");
    assertTrue(e.getMessage().startsWith("the Python bridge server (") && e.getMessage().contains(
        ") exited with code 2 before it was serving; its last output lines:\n"), e.getMessage());
    assertTrue(e.getMessage().contains("unrecognized arguments: --no-such-option"), e.getMessage());
  }

  @Test
  void rgbObservations() {
    try (PythonServerProcess server = start("--num-envs", "3", "--obs-mode", "rgb", "--image-size", "64");
        RemoteVectorEnv env = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast())) {
      Observations o = env.reset(new long[] {1, 2, 3});
      assertArrayEquals(new int[] {3, 64, 64, 3}, o.image().shape());
      assertArrayEquals(new int[] {3, 4}, o.proprio().shape());
      // the grey table (96) and the red target (220, 30, 30) are drawn
      byte[] img = o.image().toByteArray();
      assertEquals(96, img[0] & 0xff);
      boolean red = false;
      for (int i = 0; i < 64 * 64; i++) {
        red |= (img[3 * i] & 0xff) == 220 && (img[3 * i + 1] & 0xff) == 30;
      }
      assertTrue(red);
    }
  }

  @Test
  void theDataConnectionGivesTheSameResultsAsZeroMq() {
    String[] args = {"--num-envs", "3", "--obs-mode", "rgb", "--image-size", "32"};
    try (PythonServerProcess a = start(args);
        PythonServerProcess b = start(args);
        PythonServerProcess off = start("--num-envs", "1", "--no-data-connection");
        RemoteVectorEnv viaData = new RemoteVectorEnv(a.endpoint(), TestEnvs.fast());
        RemoteVectorEnv viaZmq = new RemoteVectorEnv(b.endpoint(), TestEnvs.fast().withDataConnection(false));
        RemoteVectorEnv offered = new RemoteVectorEnv(off.endpoint(), TestEnvs.fast())) {
      long[] seeds = {5, 6, 5};
      assertEquals(viaZmq.reset(seeds), viaData.reset(seeds));
      assertTrue(viaData.usesDataConnection());
      org.junit.jupiter.api.Assertions.assertFalse(viaZmq.usesDataConnection());
      Rng rng = new Rng(3);
      for (int t = 0; t < 50; t++) { // the horizon (40) ends episodes: final observations too
        float[] v = new float[3 * 2 * 4];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) rng.uniform(-1, 1);
        }
        HostArray act = HostArray.ofFloats(v, 3, 2, 4);
        TestEnvs.assertSameStep(viaZmq.step(act), viaData.step(act));
      }
      assertTrue(viaData.usesDataConnection());
      offered.reset(new long[] {1});
      org.junit.jupiter.api.Assertions.assertFalse(offered.usesDataConnection(), "--no-data-connection offers none");
    }
  }

  /**
   * The server is killed (SIGKILL) in the middle of a rollout and restarted on the same port: the
   * collector discards the partial rollout, the client reconnects, and the rollout is collected
   * whole from a fresh reset.
   */
  @Test
  void serverKilledMidRolloutIsSurvived() throws Exception {
    PythonServerProcess first = start("--num-envs", "2", "--step-delay-ms", "150");
    String endpoint = first.endpoint();
    AtomicReference<PythonServerProcess> second = new AtomicReference<>();
    try (RemoteVectorEnv env = new RemoteVectorEnv(endpoint, TestEnvs.fast())) {
      RolloutCollector c = new RolloutCollector(env, new ConstantPolicy(0.5f, 0f, 0f, 0f),
          env.reset(new long[] {1, 2}));
      Rollout rollout = new Rollout(12, 2, 1, 4);
      Thread killer = new Thread(() -> {
        try {
          Thread.sleep(700); // about the 4th step of 12
          first.kill();
          Thread.sleep(500);
          second.set(start("--num-envs", "2", "--step-delay-ms", "150", "--bind", endpoint));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      killer.start();
      long t0 = System.nanoTime();
      long steps = c.collect(rollout, new Rng(3), new EpisodeTally(env.spec().tasks()));
      double seconds = (System.nanoTime() - t0) / 1e9;
      killer.join();
      assertTrue(second.get() != null && second.get().isAlive());
      assertEquals(24, steps, "a whole rollout of 12 decisions x 2 sub-envs");
      assertTrue(rollout.full());
      assertTrue(seconds < 15, "recovered in " + seconds + " s");
      // the env is in sync with the new server
      assertEquals(env.observe(), c.current());
      StepResult r = env.step(HostArray.ofFloats(new float[8], 2, 1, 4));
      assertEquals(1, r.steps()[0]);
    } finally {
      first.close();
      if (second.get() != null) {
        second.get().close();
      }
    }
  }

  /** Kills {@code server} from another thread after {@code ms} (while the caller waits on it). */
  private static void killAfter(PythonServerProcess server, long ms) {
    new Thread(() -> {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server.kill();
    }).start();
  }

  @Test
  void aServerKilledMidStepIsReportedQuickly() {
    try (PythonServerProcess server = start("--num-envs", "2", "--step-delay-ms", "2000");
        RemoteVectorEnv env = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast())) {
      env.reset(new long[] {1, 2});
      killAfter(server, 300);
      long t0 = System.nanoTime();
      EnvServerLost e = assertThrows(EnvServerLost.class, () -> env.step(HostArray.ofFloats(new float[8], 2, 1, 4)));
      double s = (System.nanoTime() - t0) / 1e9;
      assertTrue(s < 2.5, "reported after " + s + " s, before the 2 s step could have finished plus retries");
      assertTrue(e.getMessage().contains("stopped answering during 'step'"), e.getMessage());
      assertThrows(EnvServerLost.class, env::observe);
    }
  }

  /**
   * A request timeout (2 s) shorter than the silence that counts a server lost (1 s x 5): a server
   * killed mid-step answers no heartbeat, and the timeout must not say it does.
   */
  @Test
  void aRequestTimeoutAfterAKillDoesNotClaimHeartbeats() {
    ClientOptions options = TestEnvs.fast().withTiming(1000, 5, 1, 5_000).withRequestTimeout(2_000);
    try (PythonServerProcess server = start("--num-envs", "2", "--step-delay-ms", "5000");
        RemoteVectorEnv env = new RemoteVectorEnv(server.endpoint(), options)) {
      env.reset(new long[] {1, 2});
      killAfter(server, 300);
      EnvServerLost e = assertThrows(EnvServerLost.class, () -> env.step(HostArray.ofFloats(new float[8], 2, 1, 4)));
      assertEquals("env server " + server.endpoint() + " did not finish 'step' within 2.0 s (it answered no heartbeat"
          + " meanwhile: it may have died or be unreachable)", e.getMessage());
    }
  }
}
