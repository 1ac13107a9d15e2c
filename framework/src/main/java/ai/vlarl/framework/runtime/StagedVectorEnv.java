package ai.vlarl.framework.runtime;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.ActionCheck;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.Snapshottable;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The env batch of a pipelined rollout: k stage envs (in-process envs of N/k sub-envs, or groups of
 * env servers) presented as one {@link VectorEnv} over all N sub-envs, rows in stage order.
 *
 * <p>Each stage has a thread of its own, and every call to a stage's env runs on it (so an
 * in-process simulator steps beside the policy, and a remote env's socket stays on one thread).
 * {@link #submitStep} starts one stage's step and returns at once; the whole-batch methods run all
 * stages in parallel and wait. When a stage fails the whole call fails with that stage's exception
 * (e.g. {@code EnvServerLost}) after every stage has finished its part.
 *
 * <p>Snapshottable when every stage is: the state is the stages' states in order, and a checkpoint
 * of another stage count is refused.
 */
public final class StagedVectorEnv implements VectorEnv, Snapshottable {
  private final List<VectorEnv> stages;
  private final int[] offset;
  private final EnvSpec spec;
  private final List<ExecutorService> threads = new ArrayList<>();
  private final List<AutoCloseable> alsoClose;
  private final AtomicLong busyNanos = new AtomicLong();

  /**
   * Takes ownership of {@code stages} (closed with this env), and of {@code alsoClose} (closed after
   * them: e.g. the server processes the stages talk to).
   */
  public StagedVectorEnv(List<? extends VectorEnv> stages, List<? extends AutoCloseable> alsoClose) {
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("no stages");
    }
    this.stages = List.copyOf(stages);
    this.alsoClose = List.copyOf(alsoClose);
    this.offset = new int[stages.size() + 1];
    EnvSpec first = stages.get(0).spec();
    for (int k = 0; k < stages.size(); k++) {
      EnvSpec s = stages.get(k).spec();
      if (!s.observation().equals(first.observation()) || !s.action().equals(first.action())
          || !s.tasks().equals(first.tasks()) || !s.horizons().equals(first.horizons())) {
        throw new IllegalArgumentException("stage " + k + " env " + s + " differs from stage 0's " + first);
      }
      offset[k + 1] = offset[k] + s.numEnvs();
      int id = k;
      threads.add(Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "env-stage-" + id);
        t.setDaemon(true);
        return t;
      }));
    }
    this.spec = new EnvSpec(first.name(), offset[stages.size()], first.observation(), first.action(),
        first.tasks(), first.horizons());
  }

  @Override
  public EnvSpec spec() {
    return spec;
  }

  /** The number of stages k. */
  public int stageCount() {
    return stages.size();
  }

  /** The first row of stage {@code s} ({@code s == stageCount()} gives N). */
  public int offset(int s) {
    return offset[s];
  }

  /** Row offsets of the stages, {@code k + 1} entries from 0 to N. */
  public int[] offsets() {
    return offset.clone();
  }

  /** Seconds the stage envs spent stepping since the last call, summed over stages (they overlap). */
  public double takeBusySeconds() {
    return busyNanos.getAndSet(0) / 1e9;
  }

  /** Starts stage {@code s}'s step with its rows' actions {@code [N/k, chunk, dim]}. */
  public Future<StepResult> submitStep(int s, HostArray actions) {
    VectorEnv env = stages.get(s);
    return threads.get(s).submit(() -> {
      long t0 = System.nanoTime();
      try {
        return env.step(actions);
      } finally {
        busyNanos.addAndGet(System.nanoTime() - t0);
      }
    });
  }

  /** Waits for every future, then returns the results or throws the first failure as it was. */
  public static <T> List<T> awaitAll(List<Future<T>> futures) {
    List<T> out = new ArrayList<>();
    RuntimeException failure = null;
    for (Future<T> f : futures) {
      try {
        out.add(f.get());
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the env stages", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return out;
  }

  private <T> List<T> all(java.util.function.IntFunction<Callable<T>> call) {
    List<Future<T>> futures = new ArrayList<>();
    for (int k = 0; k < stages.size(); k++) {
      futures.add(threads.get(k).submit(call.apply(k)));
    }
    return awaitAll(futures);
  }

  @Override
  public Observations reset(long[] seeds, int[] envIdx) {
    List<StepMerge.PartReset> parts = StepMerge.splitReset(seeds, envIdx, offset);
    return Observations.concat(all(k -> () -> {
      StepMerge.PartReset p = parts.get(k);
      return p == null ? stages.get(k).observe() : stages.get(k).reset(p.seeds(), p.envIdx());
    }));
  }

  @Override
  public StepResult step(HostArray actions) {
    ActionCheck.validate(spec, actions);
    List<Future<StepResult>> futures = new ArrayList<>();
    for (int k = 0; k < stages.size(); k++) {
      futures.add(submitStep(k, actions.gather(StepMerge.rows(offset[k], offset[k + 1]))));
    }
    List<StepResult> parts = awaitAll(futures);
    StepResult merged = StepMerge.results(parts, offset);
    StepMerge.releaseParts(stages, threads, parts); // merged holds copies
    return merged;
  }

  @Override
  public Observations observe() {
    return Observations.concat(all(k -> () -> stages.get(k).observe()));
  }

  @Override
  public byte[] saveState() {
    List<byte[]> states = all(k -> () -> snapshottable(k).saveState());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(states.size());
      for (byte[] s : states) {
        out.writeInt(s.length);
        out.write(s);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  @Override
  public void loadState(byte[] state) {
    List<byte[]> parts = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
      int k = in.readInt();
      if (k != stages.size()) {
        throw new IllegalArgumentException("the saved env state has " + k + " pipeline stage(s), this env "
            + stages.size() + " (resume with the run's rollout.pipeline_stages)");
      }
      for (int i = 0; i < k; i++) {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        parts.add(b);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("the saved env state is not a staged env's: " + e.getMessage(), e);
    }
    all(k -> () -> {
      snapshottable(k).loadState(parts.get(k));
      return null;
    });
  }

  private Snapshottable snapshottable(int k) {
    if (stages.get(k) instanceof Snapshottable s) {
      return s;
    }
    throw new UnsupportedOperationException("stage " + k + " env " + stages.get(k).spec().name()
        + " cannot save its state");
  }

  /** Whether every stage can save its state (checkpoints then include the env). */
  public boolean canSnapshot() {
    return stages.stream().allMatch(s -> s instanceof Snapshottable);
  }

  @Override
  public void close() {
    try {
      all(k -> () -> {
        stages.get(k).close();
        return null;
      });
    } finally {
      threads.forEach(ExecutorService::shutdown);
      for (AutoCloseable c : alsoClose) {
        try {
          c.close();
        } catch (Exception e) {
          org.slf4j.LoggerFactory.getLogger(StagedVectorEnv.class).warn("closing {}: {}", c, e.toString());
        }
      }
    }
  }
}
