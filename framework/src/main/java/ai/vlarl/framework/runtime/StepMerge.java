package ai.vlarl.framework.runtime;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.EpisodeStats;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.policy.PolicyStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

  /** The row indices {@code from} (inclusive) to {@code to} (exclusive). */
  public static int[] rows(int from, int to) {
    int[] r = new int[to - from];
    Arrays.setAll(r, i -> from + i);
    return r;
  }
}
