package ai.vlarl.simbridge;

import static ai.vlarl.simbridge.TestEnvs.actions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.EnvServerLost;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.simbridge.client.RemoteVectorEnv;
import ai.vlarl.simbridge.server.ServerOptions;
import ai.vlarl.simbridge.server.SimServer;
import org.junit.jupiter.api.Test;

/** The Java client against the Java server over TCP loopback. */
class JavaBridgeTest {

  @Test
  void remoteStepsEqualLocalSteps() {
    try (AutoResetVectorEnv hosted = TestEnvs.line(2);
        SimServer server = new SimServer(hosted, ServerOptions.plain("tcp://127.0.0.1:*")).start();
        RemoteVectorEnv remote = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast());
        AutoResetVectorEnv local = TestEnvs.line(2)) {
      assertEquals(local.spec(), remote.spec());
      // seed 0 -> x = 0.0; seed 3 -> x = 0.3 (LineSimulator)
      Observations first = remote.reset(new long[] {0, 3});
      assertArrayEquals(new float[] {0f, 0.3f}, first.state().toFloatArray());
      assertEquals(local.reset(new long[] {0, 3}), first);

      // env 0 moves right (+0.25 per sub-step), env 1 stays
      float[] a = {1, 1, 1, 0, 0, 0};
      var act = ai.vlarl.framework.core.HostArray.ofFloats(a, 2, 3, 1);
      StepResult r1 = remote.step(act);
      TestEnvs.assertSameStep(local.step(act), r1);
      assertArrayEquals(new float[] {0.75f, 0.3f}, r1.observations().state().toFloatArray());

      // env 0 reaches 1.0 (terminated, success), env 1 hits the horizon of 5 (truncated)
      StepResult r2 = remote.step(act);
      TestEnvs.assertSameStep(local.step(act), r2);
      assertArrayEquals(new int[] {0, 1}, r2.doneEnvs());
      assertTrue(r2.terminated()[0] && r2.truncated()[1]);
      assertArrayEquals(new float[] {1f, 0.3f}, r2.finalObservations().state().toFloatArray());
      assertTrue(r2.episodes()[0].successOnce());
      assertEquals(4, r2.episodes()[0].length());
      assertEquals(5, r2.episodes()[1].length());
      assertEquals(r2.observations(), remote.observe());

      // partial reset of env 1 only: seed 4 -> x = 0.4
      Observations p = remote.reset(new long[] {4}, new int[] {1});
      assertEquals(local.reset(new long[] {4}, new int[] {1}), p);
      assertEquals(0.4f, p.state().getFloat(1));
    }
  }

  @Test
  void badActionsAreRefusedBeforeTheyTravel() {
    try (AutoResetVectorEnv hosted = TestEnvs.line(2);
        SimServer server = new SimServer(hosted, ServerOptions.plain("tcp://127.0.0.1:*")).start();
        RemoteVectorEnv remote = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast())) {
      remote.reset(new long[] {0, 0});
      UserException e = assertThrows(UserException.class, () -> remote.step(actions(2, 9, 0f)));
      assertTrue(e.getMessage().contains("1 <= chunk <= 4"), e.getMessage());
      assertThrows(UserException.class, () -> remote.step(actions(2, 1, 2f)));
      // still usable
      assertEquals(1, remote.step(actions(2, 1, 0f)).steps()[0]);
    }
  }

  @Test
  void heartbeatsKeepASlowStepAlive() {
    // each step takes 1.2 s; the client counts the server silent after 300 ms without a pong
    TestEnvs.Slow slow = new TestEnvs.Slow(TestEnvs.line(1), 1200);
    try (SimServer server = new SimServer(slow, ServerOptions.plain("tcp://127.0.0.1:*")).start();
        RemoteVectorEnv remote = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast())) {
      remote.reset(new long[] {1});
      StepResult r = remote.step(actions(1, 1, 1f));
      assertEquals(0.35f, r.observations().state().getFloat(0), 1e-6);
      assertEquals(1, slow.steps.get(), "the step ran once: no retry re-executed it");
      assertTrue(remote.lastServerNanos() >= 1_200_000_000L);
    }
  }

  @Test
  void aHungEnvThatAnswersHeartbeatsIsSaidToBeHung() {
    TestEnvs.Slow slow = new TestEnvs.Slow(TestEnvs.line(1), 3000);
    try (SimServer server = new SimServer(slow, ServerOptions.plain("tcp://127.0.0.1:*")).start();
        RemoteVectorEnv remote = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast().withRequestTimeout(1000))) {
      remote.reset(new long[] {1});
      EnvServerLost e = assertThrows(EnvServerLost.class, () -> remote.step(actions(1, 1, 1f)));
      assertEquals("env server " + server.endpoint() + " did not finish 'step' within 1.0 s (it answers heartbeats:"
          + " the env is hung or too slow)", e.getMessage());
    }
  }

  @Test
  void aRestartedServerIsReportedAndTheEnvRecoversOnReset() {
    String endpoint;
    AutoResetVectorEnv first = TestEnvs.line(2);
    SimServer a = new SimServer(first, ServerOptions.plain("tcp://127.0.0.1:*")).start();
    endpoint = a.endpoint();
    try (RemoteVectorEnv remote = new RemoteVectorEnv(endpoint, TestEnvs.fast())) {
      remote.reset(new long[] {0, 0});
      remote.step(actions(2, 1, 1f));
      a.close();
      try (AutoResetVectorEnv second = TestEnvs.line(2);
          SimServer b = new SimServer(second, ServerOptions.plain(endpoint)).start()) {
        long t0 = System.nanoTime();
        EnvServerLost lost = assertThrows(EnvServerLost.class, () -> remote.step(actions(2, 1, 1f)));
        assertTrue(lost.getMessage().contains("restarted"), lost.getMessage());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
        assertThrows(EnvServerLost.class, remote::observe, "no stepping until a reset");
        Observations o = remote.reset(new long[] {2, 3});
        assertArrayEquals(new float[] {0.2f, 0.3f}, o.state().toFloatArray());
        assertArrayEquals(new float[] {0.45f, 0.55f}, remote.step(actions(2, 1, 1f)).observations().state().toFloatArray());
      }
    }
    first.close();
  }

  @Test
  void aVanishedServerIsReportedWithinBoundedTime() {
    AutoResetVectorEnv hosted = TestEnvs.line(1);
    SimServer server = new SimServer(hosted, ServerOptions.plain("tcp://127.0.0.1:*")).start();
    try (RemoteVectorEnv remote = new RemoteVectorEnv(server.endpoint(), TestEnvs.fast())) {
      remote.reset(new long[] {0});
      server.close();
      long t0 = System.nanoTime();
      EnvServerLost lost = assertThrows(EnvServerLost.class, () -> remote.step(actions(1, 1, 1f)));
      double s = (System.nanoTime() - t0) / 1e9;
      // 300 ms of silence, then 2 reconnects with 300 ms each: about 0.9 s
      assertTrue(s > 0.8 && s < 3, "took " + s + " s");
      assertTrue(lost.getMessage().contains("stopped answering"), lost.getMessage());
    }
    hosted.close();
  }

  @Test
  void noServerIsAClearUserError() {
    UserException e = assertThrows(UserException.class, () -> new RemoteVectorEnv("tcp://127.0.0.1:1",
        TestEnvs.fast().withConnectTimeout(500)));
    assertTrue(e.getMessage().startsWith("no env server answered at tcp://127.0.0.1:1 within"), e.getMessage());
    assertFalse(e.getMessage().contains("null"));
  }
}
