package ai.vlarl.framework.env;

import ai.vlarl.framework.core.HostArray;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A tiny deterministic simulator for contract tests: each sub-env is a point on a line. Reset from
 * seed s puts it at x = (s mod 5) / 10; action a moves it by 0.25 a (clipped to [-1, 1]). Success
 * when x >= 0.8 (reward 1 on that step), failure when x <= -1; horizon 5.
 */
public final class LineSimulator implements BatchSimulator {
  public static final int HORIZON = 5;
  private final int n;
  private final float[] x;
  private boolean closed;
  /** Calls of {@link #observe()} (all sub-envs) so far. */
  public int fullObservations;

  public LineSimulator(int n) {
    this.n = n;
    this.x = new float[n];
  }

  @Override
  public EnvSpec spec() {
    return new EnvSpec("line", n, new ObservationSpec(1, 0, 0, false, 0, false),
        new ActionSpec(1, 4, List.of("dx")), List.of("line"), List.of(HORIZON));
  }

  @Override
  public void reset(int[] envIdx, long[] seeds) {
    for (int k = 0; k < envIdx.length; k++) {
      x[envIdx[k]] = Math.floorMod(seeds[k], 5) / 10f;
    }
  }

  @Override
  public void step(HostArray actions, boolean[] active, float[] reward, boolean[] success,
      boolean[] failure) {
    for (int i = 0; i < n; i++) {
      if (active[i]) {
        x[i] = Math.max(-1f, Math.min(1f, x[i] + 0.25f * actions.getFloat(i)));
        success[i] = x[i] >= 0.8f;
        failure[i] = x[i] <= -1f;
        reward[i] = success[i] ? 1f : 0f;
      }
    }
  }

  @Override
  public int horizon(int env) {
    return HORIZON;
  }

  @Override
  public int task(int env) {
    return 0;
  }

  @Override
  public Observations observe() {
    fullObservations++;
    return new Observations(n, HostArray.ofFloats(x.clone(), n, 1), null, null, null, null, new int[n]);
  }

  @Override
  public Observations observe(int[] envIdx) {
    float[] rows = new float[envIdx.length];
    for (int k = 0; k < envIdx.length; k++) {
      rows[k] = x[envIdx[k]];
    }
    return new Observations(envIdx.length, HostArray.ofFloats(rows, envIdx.length, 1), null, null, null, null,
        new int[envIdx.length]);
  }

  @Override
  public byte[] saveState() {
    ByteBuffer b = ByteBuffer.allocate(4 * n);
    b.asFloatBuffer().put(x);
    return b.array();
  }

  @Override
  public void loadState(byte[] state) {
    ByteBuffer.wrap(state).asFloatBuffer().get(x);
  }

  @Override
  public void close() {
    closed = true;
  }

  public boolean closed() {
    return closed;
  }
}
