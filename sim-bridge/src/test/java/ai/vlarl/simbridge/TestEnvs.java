package ai.vlarl.simbridge;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.ForwardingVectorEnv;
import ai.vlarl.framework.env.LineSimulator;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.simbridge.client.ClientOptions;
import java.util.concurrent.atomic.AtomicInteger;

/** Envs and options for bridge tests. */
public final class TestEnvs {
  private TestEnvs() {}

  /** The framework's line env: N points on a line, horizon 5 (see LineSimulator). */
  public static AutoResetVectorEnv line(int n) {
    return new AutoResetVectorEnv(new LineSimulator(n), true, false);
  }

  /** Fast failure detection: heartbeats every 100 ms, silent after 300 ms, 2 retries. */
  public static ClientOptions fast() {
    return ClientOptions.defaults().withTiming(100, 3, 2, 10_000).withConnectTimeout(5_000);
  }

  /** Actions [n, chunk, 1] all equal to {@code v}. */
  public static HostArray actions(int n, int chunk, float v) {
    float[] a = new float[n * chunk];
    java.util.Arrays.fill(a, v);
    return HostArray.ofFloats(a, n, chunk, 1);
  }

  /** Asserts two step results are equal in every field. */
  public static void assertSameStep(StepResult want, StepResult got) {
    org.junit.jupiter.api.Assertions.assertEquals(want.observations(), got.observations());
    org.junit.jupiter.api.Assertions.assertArrayEquals(want.reward(), got.reward());
    org.junit.jupiter.api.Assertions.assertArrayEquals(want.terminated(), got.terminated());
    org.junit.jupiter.api.Assertions.assertArrayEquals(want.truncated(), got.truncated());
    org.junit.jupiter.api.Assertions.assertArrayEquals(want.success(), got.success());
    org.junit.jupiter.api.Assertions.assertArrayEquals(want.steps(), got.steps());
    org.junit.jupiter.api.Assertions.assertArrayEquals(want.doneEnvs(), got.doneEnvs());
    org.junit.jupiter.api.Assertions.assertEquals(want.finalObservations(), got.finalObservations());
    org.junit.jupiter.api.Assertions.assertArrayEquals(want.episodes(), got.episodes());
  }

  /** A Python reference server process on a free loopback port (plus {@code args}). */
  public static ai.vlarl.simbridge.python.PythonServerProcess python(String... args) {
    java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("--backend", "reference", "--log-level", "WARNING"));
    a.addAll(java.util.List.of(args));
    if (!a.contains("--bind")) {
      a.addAll(java.util.List.of("--bind", "tcp://127.0.0.1:*"));
    }
    return ai.vlarl.simbridge.python.PythonServerProcess.start(a, 30);
  }

  /** Wraps an env: each step sleeps first and is counted. */
  public static final class Slow extends ForwardingVectorEnv {
    private final long sleepMs;
    public final AtomicInteger steps = new AtomicInteger();

    public Slow(VectorEnv env, long sleepMs) {
      super(env);
      this.sleepMs = sleepMs;
    }

    @Override
    public StepResult step(HostArray actions) {
      try {
        Thread.sleep(sleepMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      steps.incrementAndGet();
      return env.step(actions);
    }
  }
}
