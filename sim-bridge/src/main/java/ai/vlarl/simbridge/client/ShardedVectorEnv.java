package ai.vlarl.simbridge.client;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.ActionCheck;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.runtime.StagedVectorEnv;
import ai.vlarl.framework.runtime.StepMerge;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
    return StagedVectorEnv.awaitAll(futures);
  }

  @Override
  public Observations reset(long[] seeds, int[] envIdx) {
    List<StepMerge.PartReset> parts = StepMerge.splitReset(seeds, envIdx, offset);
    return Observations.concat(all(k -> () -> {
      StepMerge.PartReset p = parts.get(k);
      return p == null ? shards.get(k).observe() : shards.get(k).reset(p.seeds(), p.envIdx());
    }));
  }

  @Override
  public StepResult step(HostArray actions) {
    ActionCheck.validate(spec, actions);
    List<StepResult> parts = all(k -> {
      HostArray slice = actions.gather(StepMerge.rows(offset[k], offset[k + 1]));
      return () -> shards.get(k).step(slice);
    });
    StepResult merged = StepMerge.results(parts, offset);
    StepMerge.releaseParts(shards, threads, parts); // merged holds copies
    return merged;
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
