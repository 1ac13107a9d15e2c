package ai.vlarl.drivers.control;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Temporal ensembling (ACT, Zhao et al. 2023): the policy is asked at every step; the action of
 * step t averages every chunk's prediction for t, weighted {@code exp(-m·i)} with i = 0 for the
 * oldest prediction. A late decision is simply missing from the average; the step still has the
 * older chunks' predictions.
 */
public final class TemporalEnsemble implements ChunkScheduler {
  private final double decay;
  private final List<Entry> chunks = new ArrayList<>();

  private record Entry(long start, float[][] actions) {}

  public TemporalEnsemble(double decay) {
    this.decay = decay;
  }

  @Override
  public boolean wantsDecision(long step) {
    return true;
  }

  @Override
  public void accept(float[][] chunk, long decidedAt) {
    chunks.add(new Entry(decidedAt, chunk));
  }

  @Override
  public float[] actionFor(long step) {
    float[] sum = null;
    double total = 0;
    int i = 0;
    for (Iterator<Entry> it = chunks.iterator(); it.hasNext(); ) {
      Entry e = it.next();
      long k = step - e.start;
      if (k >= e.actions.length) {
        it.remove(); // chunks are in decision order: this one covers no later step either
        continue;
      }
      if (k < 0) {
        continue;
      }
      float[] a = e.actions[(int) k];
      double w = Math.exp(-decay * i++);
      if (sum == null) {
        sum = new float[a.length];
      }
      for (int d = 0; d < a.length; d++) {
        sum[d] += (float) (w * a[d]);
      }
      total += w;
    }
    if (sum == null) {
      return null;
    }
    for (int d = 0; d < sum.length; d++) {
      sum[d] /= (float) total;
    }
    return sum;
  }
}
