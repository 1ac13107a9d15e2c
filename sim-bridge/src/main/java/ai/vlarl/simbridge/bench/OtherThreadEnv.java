package ai.vlarl.simbridge.bench;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The bench's floor for any env that runs outside the caller's thread: an env whose every call is
 * handed to a thread of its own and waited for, as a server's env thread is, with no bytes, no
 * encoding and no socket in between. What it costs over the same env in process is what this
 * machine charges for the hand-over itself: waking the env's thread and then the caller's, and the
 * env running on a thread (and core) that waited, its caches as the wait left them. {@link
 * #lastEnvNanos()} is the last step's time inside the env on that thread.
 *
 * <p>Not a one-stage {@link ai.vlarl.framework.runtime.StagedVectorEnv}, which does the same
 * hand-over but also gathers each step's actions, merges the results into copies and releases each
 * part with a hand-over of its own: work that is part of pipelined rollouts, not of the floor.
 */
final class OtherThreadEnv implements VectorEnv {
  private final VectorEnv env;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "bench-other-thread-env");
    t.setDaemon(true);
    return t;
  });
  private final Queue<StepResult> released = new ConcurrentLinkedQueue<>();
  private volatile long lastEnvNanos;

  /**
   * Takes over {@code env}: every call but {@link #spec()} (an immutable description, read on the
   * caller's thread), {@link #close()} included, runs on this env's thread.
   */
  OtherThreadEnv(VectorEnv env) {
    this.env = env;
  }

  /** Nanoseconds the last {@link #step} spent inside the env, on the env's thread. */
  long lastEnvNanos() {
    return lastEnvNanos;
  }

  @Override
  public EnvSpec spec() {
    return env.spec();
  }

  @Override
  public Observations reset(long[] seeds, int[] envIdx) {
    return onThread(() -> env.reset(seeds, envIdx));
  }

  @Override
  public StepResult step(HostArray actions) {
    return onThread(() -> {
      long t0 = System.nanoTime();
      StepResult r = env.step(actions);
      lastEnvNanos = System.nanoTime() - t0;
      return r;
    });
  }

  /**
   * Queues {@code result} to be released on the env's thread at the start of the next call, so
   * that releasing costs no hand-over of its own (the bridge's client releases into its own pool,
   * with no message to the server). The next call's time as its caller sees it includes those
   * releases (nothing for envs that do not pool, such as the tabletop env); {@link #lastEnvNanos()}
   * does not.
   */
  @Override
  public void release(StepResult result) {
    released.add(result);
  }

  @Override
  public Observations observe() {
    return onThread(env::observe);
  }

  /**
   * Closes the env on its thread and stops the thread; waits for the env's close even when the
   * caller is interrupted (the interrupt is kept), so the env's resources are not left open. A
   * second call does nothing.
   */
  @Override
  public void close() {
    if (thread.isShutdown()) {
      return;
    }
    Future<Object> f = submit(() -> {
      env.close();
      return null;
    });
    thread.shutdown();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          result(f);
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private <T> T onThread(Callable<T> call) {
    Future<T> f = submit(call);
    try {
      return result(f);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the env's thread", e);
    }
  }

  /** {@code call} on the env's thread, after the releases queued before it. */
  private <T> Future<T> submit(Callable<T> call) {
    return thread.submit(() -> {
      for (StepResult r; (r = released.poll()) != null; ) {
        env.release(r);
      }
      return call.call();
    });
  }

  /** {@code f}'s value, or what its call threw. */
  private static <T> T result(Future<T> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
