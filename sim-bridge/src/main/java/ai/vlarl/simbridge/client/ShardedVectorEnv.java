package ai.vlarl.simbridge.client;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.ActionCheck;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.EpisodeStats;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Several envs (typically {@link RemoteVectorEnv}s on several hosts) presented as one: sub-envs
 * are concatenated in shard order, every call goes to all shards in parallel (one thread per
 * shard, so each shard's socket stays on one thread), and the results are merged. The shards must
 * have the same observation and action specs and tasks; their sub-env counts may differ.
 *
 * <p>When one shard fails (e.g. {@code EnvServerLost}) the whole call fails with that exception,
 * after every shard finished its part.
 */
public final class ShardedVectorEnv implements ai.vlarl.framework.runtime.SplittableEnv {
  private final List<VectorEnv> shards;
  private final int[] offset;
  private final EnvSpec spec;
  private final List<ExecutorService> threads = new ArrayList<>();

  /** Takes ownership of {@code shards} (closed with this env). */
  public ShardedVectorEnv(List<? extends VectorEnv> shards) {
    if (shards.isEmpty()) {
      throw new IllegalArgumentException("no shards");
    }
    this.shards = List.copyOf(shards);
    this.offset = new int[shards.size() + 1];
    EnvSpec first = shards.get(0).spec();
    List<String> names = new ArrayList<>();
    for (int k = 0; k < shards.size(); k++) {
      EnvSpec s = shards.get(k).spec();
      if (!s.observation().equals(first.observation()) || !s.action().equals(first.action())
          || !s.tasks().equals(first.tasks()) || !s.horizons().equals(first.horizons())) {
        throw new UserException("shard " + k + " serves " + s + ", unlike shard 0: " + first
            + " (sharded env servers must serve the same env)");
      }
      offset[k + 1] = offset[k] + s.numEnvs();
      names.add(s.name());
      int id = k;
      threads.add(Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "env-shard-" + id);
        t.setDaemon(true);
        return t;
      }));
    }
    this.spec = new EnvSpec("sharded" + names, offset[shards.size()], first.observation(), first.action(),
        first.tasks(), first.horizons());
  }

  @Override
  public EnvSpec spec() {
    return spec;
  }

  /** The shards, in order. */
  public List<VectorEnv> shards() {
    return shards;
  }

  private <T> List<T> all(IntFunction<Callable<T>> call) {
    List<Future<T>> futures = new ArrayList<>();
    for (int k = 0; k < shards.size(); k++) {
      futures.add(threads.get(k).submit(call.apply(k)));
    }
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
        throw new IllegalStateException("interrupted while waiting for the env shards", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return out;
  }

  @Override
  public Observations reset(long[] seeds, int[] envIdx) {
    if (seeds.length != envIdx.length) {
      throw new IllegalArgumentException(seeds.length + " seeds for " + envIdx.length + " envs");
    }
    List<List<Integer>> positions = new ArrayList<>();
    shards.forEach(s -> positions.add(new ArrayList<>()));
    for (int k = 0; k < envIdx.length; k++) {
      if (envIdx[k] < 0 || envIdx[k] >= spec.numEnvs()) {
        throw new IndexOutOfBoundsException("sub-env " + envIdx[k] + " of " + spec.numEnvs());
      }
      positions.get(shardOf(envIdx[k])).add(k);
    }
    return Observations.concat(all(k -> () -> {
      List<Integer> pos = positions.get(k);
      if (pos.isEmpty()) {
        return shards.get(k).observe();
      }
      long[] s = new long[pos.size()];
      int[] idx = new int[pos.size()];
      for (int j = 0; j < pos.size(); j++) {
        s[j] = seeds[pos.get(j)];
        idx[j] = envIdx[pos.get(j)] - offset[k];
      }
      return shards.get(k).reset(s, idx);
    }));
  }

  private int shardOf(int env) {
    int k = Arrays.binarySearch(offset, env);
    return k >= 0 ? k : -k - 2;
  }

  @Override
  public StepResult step(HostArray actions) {
    ActionCheck.validate(spec, actions);
    List<StepResult> parts = all(k -> {
      int[] rows = new int[offset[k + 1] - offset[k]];
      Arrays.setAll(rows, i -> offset[k] + i);
      HostArray slice = actions.gather(rows);
      return () -> shards.get(k).step(slice);
    });
    return merge(parts);
  }

  private StepResult merge(List<StepResult> parts) {
    int n = spec.numEnvs();
    float[] reward = new float[n];
    boolean[] term = new boolean[n];
    boolean[] trunc = new boolean[n];
    boolean[] success = new boolean[n];
    int[] steps = new int[n];
    List<Integer> done = new ArrayList<>();
    List<Observations> finals = new ArrayList<>();
    List<EpisodeStats> episodes = new ArrayList<>();
    for (int k = 0; k < parts.size(); k++) {
      StepResult r = parts.get(k);
      int o = offset[k];
      int m = r.reward().length;
      System.arraycopy(r.reward(), 0, reward, o, m);
      System.arraycopy(r.terminated(), 0, term, o, m);
      System.arraycopy(r.truncated(), 0, trunc, o, m);
      System.arraycopy(r.success(), 0, success, o, m);
      System.arraycopy(r.steps(), 0, steps, o, m);
      for (int j = 0; j < r.doneEnvs().length; j++) {
        done.add(r.doneEnvs()[j] + o);
        EpisodeStats e = r.episodes()[j];
        episodes.add(new EpisodeStats(e.env() + o, e.task(), e.successOnce(), e.successAtEnd(),
            e.episodeReturn(), e.length(), e.terminated(), e.truncated()));
      }
      if (r.doneEnvs().length > 0) {
        finals.add(r.finalObservations());
      }
    }
    Observations obs = Observations.concat(parts.stream().map(StepResult::observations).toList());
    return new StepResult(obs, reward, term, trunc, success, steps,
        done.stream().mapToInt(Integer::intValue).toArray(),
        finals.isEmpty() ? null : Observations.concat(finals), episodes.toArray(EpisodeStats[]::new));
  }

  @Override
  public Observations observe() {
    return Observations.concat(all(k -> () -> shards.get(k).observe()));
  }

  /** The shards, handed over to a pipelined rollout's stages (this env's threads stop). */
  @Override
  public List<VectorEnv> detachParts() {
    threads.forEach(ExecutorService::shutdown);
    return shards;
  }

  @Override
  public void close() {
    try {
      all(k -> () -> {
        shards.get(k).close();
        return null;
      });
    } finally {
      threads.forEach(ExecutorService::shutdown);
    }
  }
}
