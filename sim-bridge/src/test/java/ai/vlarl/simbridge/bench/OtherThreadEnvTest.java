package ai.vlarl.simbridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.ForwardingVectorEnv;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.simbridge.TestEnvs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's hand-over floor: the env's calls run on one other thread, with the same results. */
class OtherThreadEnvTest {
  @Test
  void everyCallRunsOnTheEnvsThreadAndReturnsWhatTheEnvReturns() {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    VectorEnv same = TestEnvs.line(3);
    try (OtherThreadEnv env = new OtherThreadEnv(new Recorder(TestEnvs.line(3), calls))) {
      long[] seeds = {1, 2, 3};
      assertEquals(same.reset(seeds), env.reset(seeds));
      for (int i = 0; i < 7; i++) {
        HostArray a = TestEnvs.actions(3, 1, 0.5f);
        StepResult want = same.step(a);
        StepResult got = env.step(a);
        TestEnvs.assertSameStep(want, got);
        int before = calls.size();
        env.release(got);
        // queued, not yet run: nothing reached the env
        assertEquals(before, calls.size(), calls.toString());
      }
      assertEquals(same.observe(), env.observe());
      // the last release waits for the next call: released on the env's thread before observe()
      assertEquals("release@bench-other-thread-env", calls.get(calls.size() - 2));
      assertEquals("observe@bench-other-thread-env", calls.get(calls.size() - 1));
    }
    assertEquals("close@bench-other-thread-env", calls.get(calls.size() - 1));
    assertEquals(1 + 7 + 7 + 1 + 1, calls.size(), calls.toString());
    for (String c : calls) {
      assertTrue(c.endsWith("@bench-other-thread-env"), c);
    }
    assertNotEquals("bench-other-thread-env", Thread.currentThread().getName());
  }

  @Test
  void closeClosesTheEnvOnceEvenWhenTheCallerIsInterrupted() {
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    OtherThreadEnv env = new OtherThreadEnv(new Recorder(TestEnvs.line(2), calls));
    Thread.currentThread().interrupt();
    try {
      env.close();
      assertTrue(Thread.interrupted(), "the caller's interrupt is kept (and cleared here)");
    } finally {
      Thread.interrupted();
    }
    env.close();
    assertEquals(List.of("close@bench-other-thread-env"), calls);
  }

  @Test
  void aStepsTimeInTheEnvIsRecordedAndTheEnvsErrorsReachTheCaller() {
    try (OtherThreadEnv env = new OtherThreadEnv(new TestEnvs.Slow(TestEnvs.line(2), 20))) {
      env.reset(new long[] {1, 2});
      env.step(TestEnvs.actions(2, 1, 0.1f));
      assertTrue(env.lastEnvNanos() >= 20_000_000L, "the env slept 20 ms: " + env.lastEnvNanos());
      // the line env takes chunks of at most 4 actions
      UserException e = assertThrows(UserException.class,
          () -> env.step(TestEnvs.actions(2, 5, 0.1f)));
      UserException direct = assertThrows(UserException.class,
          () -> TestEnvs.line(2).step(TestEnvs.actions(2, 5, 0.1f)));
      assertEquals(direct.getMessage(), e.getMessage());
    }
  }

  /** Records each call with the name of the thread it ran on. */
  private static final class Recorder extends ForwardingVectorEnv {
    private final List<String> calls;

    Recorder(VectorEnv env, List<String> calls) {
      super(env);
      this.calls = calls;
    }

    private void record(String call) {
      calls.add(call + "@" + Thread.currentThread().getName());
    }

    @Override
    public Observations reset(long[] seeds, int[] envIdx) {
      record("reset");
      return env.reset(seeds, envIdx);
    }

    @Override
    public StepResult step(HostArray actions) {
      record("step");
      return env.step(actions);
    }

    @Override
    public void release(StepResult result) {
      record("release");
      env.release(result);
    }

    @Override
    public Observations observe() {
      record("observe");
      return env.observe();
    }

    @Override
    public void close() {
      record("close");
      env.close();
    }
  }
}
