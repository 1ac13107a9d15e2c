package ai.vlarl.framework.eval;

import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.env.ActionSpec;
import ai.vlarl.framework.env.BatchSimulator;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.ObservationSpec;
import ai.vlarl.framework.env.Observations;
import java.util.List;

/**
 * A test simulator whose outcome is decided by the policy alone: the state of a sub-env is its
 * reset seed mod 10 (constant over the episode); an action > 0.5 succeeds (reward 1), anything
 * else does nothing. Horizon {@link #HORIZON}. The instruction names the seed.
 */
final class CoinSimulator implements BatchSimulator {
  static final int HORIZON = 4;
  private final int n;
  private final long[] seed;
  private final int[] steps;

  CoinSimulator(int n) {
    this.n = n;
    this.seed = new long[n];
    this.steps = new int[n];
  }

  @Override
  public EnvSpec spec() {
    return new EnvSpec("coin", n, new ObservationSpec(1, 0, 0, false, 0, true),
        new ActionSpec(1, 2, List.of("flip")), List.of("coin"), List.of(HORIZON));
  }

  @Override
  public void reset(int[] envIdx, long[] seeds) {
    for (int k = 0; k < envIdx.length; k++) {
      seed[envIdx[k]] = seeds[k];
      steps[envIdx[k]] = 0;
    }
  }

  @Override
  public void step(HostArray actions, boolean[] active, float[] reward, boolean[] success,
      boolean[] failure) {
    for (int i = 0; i < n; i++) {
      if (active[i]) {
        steps[i]++;
        success[i] = actions.getFloat(i) > 0.5f;
        reward[i] = success[i] ? 1 : 0;
        failure[i] = false;
      }
    }
  }

  /** Steps taken in sub-env i's current episode. */
  int steps(int i) {
    return steps[i];
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
    float[] s = new float[n];
    String[] text = new String[n];
    for (int i = 0; i < n; i++) {
      s[i] = Math.floorMod(seed[i], 10);
      text[i] = "seed " + seed[i];
    }
    return new Observations(n, HostArray.ofFloats(s, n, 1), null, null, null, text, new int[n]);
  }

  @Override
  public byte[] saveState() {
    return new byte[0];
  }

  @Override
  public void loadState(byte[] state) {}

  @Override
  public void close() {}
}
