package ai.vlarl.framework.runtime;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.EpisodeStats;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.policy.PolicyStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Joins the per-stage pieces of a batch back into whole-batch values, rows in stage order: what a
 * single env over all N sub-envs (and a policy called on all N rows) would have returned.
 */
public final class StepMerge {
  private StepMerge() {}

  /**
   * Step results of consecutive row ranges: stage {@code s} covers rows {@code offset[s]} up to
   * {@code offset[s+1]}; sub-env indices (done envs, episode env ids) are shifted by the offsets.
   */
  public static StepResult results(List<StepResult> parts, int[] offset) {
    int n = offset[parts.size()];
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
      if (m != offset[k + 1] - o) {
        throw new IllegalArgumentException("stage " + k + " returned " + m + " rows, expected " + (offset[k + 1] - o));
      }
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

  /**
   * Hands each part back to the env that returned it ({@link VectorEnv#release}), on that env's
   * thread (ahead of its next call): for callers that merged the parts with {@link #results},
   * which copies them.
   */
  public static void releaseParts(List<? extends VectorEnv> envs, List<? extends Executor> threads,
      List<StepResult> parts) {
    for (int k = 0; k < parts.size(); k++) {
      VectorEnv env = envs.get(k);
      StepResult part = parts.get(k);
      threads.get(k).execute(() -> env.release(part));
    }
  }

  /** Policy decisions of consecutive row ranges, concatenated. */
  public static PolicyStep decisions(PolicyStep[] parts) {
    if (parts.length == 1) {
      return parts[0];
    }
    List<HostArray> actions = new ArrayList<>();
    List<HostArray> tokens = new ArrayList<>();
    List<HostArray> logp = new ArrayList<>();
    List<float[]> values = new ArrayList<>();
    for (PolicyStep p : parts) {
      actions.add(p.actions());
      tokens.add(p.tokens());
      logp.add(p.tokenLogProb());
      values.add(p.value());
    }
    return new PolicyStep(HostArray.concat(actions), HostArray.concat(tokens), HostArray.concat(logp),
        floats(values));
  }

  /** Arrays concatenated in order. */
  public static float[] floats(List<float[]> parts) {
    int n = parts.stream().mapToInt(a -> a.length).sum();
    float[] out = new float[n];
    int o = 0;
    for (float[] a : parts) {
      System.arraycopy(a, 0, out, o, a.length);
      o += a.length;
    }
    return out;
  }

  /** One part's share of a whole-batch reset: its seeds and its own (local) sub-env indices. */
  public record PartReset(long[] seeds, int[] envIdx) {}

  /**
   * Splits a reset of whole-batch sub-envs {@code envIdx} (with {@code seeds}) over consecutive
   * row ranges: part {@code s} covers rows {@code offset[s]} up to {@code offset[s+1]}. Returns one
   * entry per part, null for a part none of whose sub-envs is reset.
   */
  public static List<PartReset> splitReset(long[] seeds, int[] envIdx, int[] offset) {
    if (seeds.length != envIdx.length) {
      throw new IllegalArgumentException(seeds.length + " seeds for " + envIdx.length + " envs");
    }
    int parts = offset.length - 1;
    int n = offset[parts];
    List<List<Integer>> positions = new ArrayList<>();
    for (int k = 0; k < parts; k++) {
      positions.add(new ArrayList<>());
    }
    for (int k = 0; k < envIdx.length; k++) {
      if (envIdx[k] < 0 || envIdx[k] >= n) {
        throw new IndexOutOfBoundsException("sub-env " + envIdx[k] + " of " + n);
      }
      positions.get(partOf(offset, envIdx[k])).add(k);
    }
    List<PartReset> out = new ArrayList<>();
    for (int k = 0; k < parts; k++) {
      List<Integer> pos = positions.get(k);
      if (pos.isEmpty()) {
        out.add(null);
        continue;
      }
      long[] s = new long[pos.size()];
      int[] idx = new int[pos.size()];
      for (int j = 0; j < pos.size(); j++) {
        s[j] = seeds[pos.get(j)];
        idx[j] = envIdx[pos.get(j)] - offset[k];
      }
      out.add(new PartReset(s, idx));
    }
    return out;
  }

  private static int partOf(int[] offset, int env) {
    int k = Arrays.binarySearch(offset, env);
    return k >= 0 ? k : -k - 2;
  }

  /** The row indices {@code from} (inclusive) to {@code to} (exclusive). */
  public static int[] rows(int from, int to) {
    int[] r = new int[to - from];
    Arrays.setAll(r, i -> from + i);
    return r;
  }
}
