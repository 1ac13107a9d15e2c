package ai.vlarl.simbridge.bench;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.ActionSpec;
import ai.vlarl.framework.env.BatchSimulator;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.ObservationSpec;
import ai.vlarl.framework.env.Observations;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A simulator with a set cost per sub-env step ({@link ControlledConfig}): each sub-env's state is
 * a deterministic function of its seed and the actions taken (a random walk the actions push), so
 * it is cheap to reason about; reward is the first action dimension, never success or failure.
 */
public final class ControlledSimulator implements BatchSimulator {
  static final int ACTION_DIM = 2;
  private final ControlledConfig cfg;
  private final int n;
  private final float[] state;

  public ControlledSimulator(ControlledConfig cfg, int n) {
    this.cfg = cfg;
    this.n = n;
    this.state = new float[n * cfg.state_dim()];
  }

  @Override
  public EnvSpec spec() {
    return new EnvSpec("controlled", n, new ObservationSpec(cfg.state_dim(), 0, 0, false, 0, false),
        new ActionSpec(ACTION_DIM, 8, List.of("a0", "a1")), List.of("controlled"), List.of(cfg.horizon()));
  }

  @Override
  public void reset(int[] envIdx, long[] seeds) {
    for (int k = 0; k < envIdx.length; k++) {
      Rng r = new Rng(seeds[k]);
      for (int d = 0; d < cfg.state_dim(); d++) {
        state[envIdx[k] * cfg.state_dim() + d] = (float) r.uniform(-1, 1);
      }
    }
  }

  @Override
  public void step(HostArray actions, boolean[] active, float[] reward, boolean[] success, boolean[] failure) {
    int dim = cfg.state_dim();
    int active0 = 0;
    for (int i = 0; i < n; i++) {
      if (active[i]) {
        active0++;
        float a = actions.getFloat(i * ACTION_DIM);
        for (int d = 0; d < dim; d++) {
          state[i * dim + d] = 0.9f * state[i * dim + d] + 0.1f * a;
        }
        reward[i] = a;
      }
    }
    Cost.spend((long) cfg.step_us() * 1000 * active0, cfg.busy());
  }

  @Override
  public int horizon(int env) {
    return cfg.horizon();
  }

  @Override
  public int task(int env) {
    return 0;
  }

  @Override
  public Observations observe() {
    return new Observations(n, HostArray.ofFloats(state.clone(), n, cfg.state_dim()), null, null, null,
        null, new int[n]);
  }

  @Override
  public byte[] saveState() {
    ByteBuffer b = ByteBuffer.allocate(4 * state.length);
    b.asFloatBuffer().put(state);
    return b.array();
  }

  @Override
  public void loadState(byte[] s) {
    ByteBuffer.wrap(s).asFloatBuffer().get(state);
  }

  @Override
  public void close() {}
}
