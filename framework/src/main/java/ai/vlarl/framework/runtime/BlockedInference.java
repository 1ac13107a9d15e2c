package ai.vlarl.framework.runtime;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.policy.PolicyStep;
import java.util.ArrayList;
import java.util.List;

/**
 * Rollout inference in fixed blocks of sub-envs ({@code rollout.inference_rows} = B): every policy
 * call covers the rows of one aligned block {@code [jB, (j+1)B)} of the N sub-envs (for final
 * observations: the done sub-envs of one block), in block order. A BLAS may compute a row's
 * result differently for another batch size; with blocks the batches are the same whatever the
 * number of pipeline stages (as long as B divides N/k), so the rollouts are equal bit for bit.
 * B = 0 means one call per stage (the whole batch when k = 1), and every call is timed into {@link
 * Timings#addInference}.
 */
public final class BlockedInference {
  private final Policy policy;
  private final int block;
  private final Timings timings;

  /** @param block B, rows per call (0: no blocking) */
  public BlockedInference(Policy policy, int block, Timings timings) {
    this.policy = policy;
    this.block = block;
    this.timings = timings;
  }

  /** Sampled actions for rows {@code first ...} of the batch, {@code obs} holding those rows. */
  public PolicyStep act(Observations obs, int first, Rng rng) {
    List<int[]> parts = blocks(first, obs.size());
    if (parts.size() == 1) {
      return timedAct(obs, rng);
    }
    PolicyStep[] steps = new PolicyStep[parts.size()];
    for (int j = 0; j < steps.length; j++) {
      steps[j] = timedAct(obs.gather(parts.get(j)), rng);
    }
    return StepMerge.decisions(steps);
  }

  /** Values of rows {@code first ...}. */
  public float[] value(Observations obs, int first) {
    List<int[]> parts = blocks(first, obs.size());
    if (parts.size() == 1) {
      return timedValue(obs);
    }
    List<float[]> v = new ArrayList<>();
    for (int[] rows : parts) {
      v.add(timedValue(obs.gather(rows)));
    }
    return StepMerge.floats(v);
  }

  /**
   * V(final observation) of each done sub-env of {@code r} (whose row 0 is sub-env {@code first}),
   * in {@code doneEnvs} order; zeros when none was truncated (only truncated ones are used).
   */
  public float[] finalValues(StepResult r, int first) {
    int[] done = r.doneEnvs();
    boolean anyTruncated = false;
    for (int i : done) {
      anyTruncated |= r.truncated()[i];
    }
    if (!anyTruncated) {
      return new float[done.length];
    }
    if (block == 0) {
      return timedValue(r.finalObservations());
    }
    float[] out = new float[done.length];
    int k = 0;
    while (k < done.length) {
      int b = (first + done[k]) / block;
      int end = k;
      while (end < done.length && (first + done[end]) / block == b) {
        end++;
      }
      float[] v = timedValue(r.finalObservations().gather(StepMerge.rows(k, end)));
      System.arraycopy(v, 0, out, k, v.length);
      k = end;
    }
    return out;
  }

  /** Local row ranges of the blocks that rows {@code first .. first+n} fall in. */
  private List<int[]> blocks(int first, int n) {
    List<int[]> out = new ArrayList<>();
    if (block == 0 || n <= block && first / block == (first + n - 1) / block) {
      out.add(null);
      return out;
    }
    int start = 0;
    while (start < n) {
      int end = Math.min(n, ((first + start) / block + 1) * block - first);
      out.add(StepMerge.rows(start, end));
      start = end;
    }
    return out;
  }

  private PolicyStep timedAct(Observations obs, Rng rng) {
    long t0 = System.nanoTime();
    PolicyStep p = policy.act(obs, false, rng);
    timings.addInference(System.nanoTime() - t0);
    return p;
  }

  private float[] timedValue(Observations obs) {
    long t0 = System.nanoTime();
    float[] v = policy.value(obs);
    timings.addInference(System.nanoTime() - t0);
    return v;
  }
}
