package ai.vlarl.policies.vla;

import ai.vlarl.framework.config.Doc;
import ai.vlarl.framework.core.HostArray;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.ActionSpec;
import ai.vlarl.framework.env.AutoResetVectorEnv;
import ai.vlarl.framework.env.BatchSimulator;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.ObservationSpec;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.VectorEnv;
import java.util.List;

/**
 * A test simulator for VLA policies (env kind {@code tint} in tests): each episode shows a 16×16
 * image of random pixels, a proprio vector of 5 and one of three instructions, all drawn from
 * the reset seed and constant over the episode. A step succeeds (and earns its action's first
 * dimension as reward) when that dimension is positive. Horizon {@link #HORIZON}; what decides
 * the outcome is the policy alone, so two policies with the same weights score the same.
 */
final class TintSimulator implements BatchSimulator {
  static final int HORIZON = 3;
  static final int SIDE = 16;
  static final int PROPRIO = 5;
  private static final String[] INSTRUCTIONS = {
    "reach the red block", "push the green cube to the left", "pick up the blue plate"
  };
  private final int n;
  private final long[] seed;

  TintSimulator(int n) {
    this.n = n;
    this.seed = new long[n];
  }

  /** Config of env kind {@code tint}. */
  record Config(@Doc(value = "sub-envs", dflt = "4") int num_envs) {}

  /** Env kind {@code tint}. */
  static final class Factory implements EnvFactory {
    @Override
    public Class<? extends Record> configType() {
      return Config.class;
    }

    @Override
    public String description() {
      return "test: random images, success when action dimension 0 is positive";
    }

    @Override
    public VectorEnv create(Record config, Purpose purpose, int numEnvsOverride) {
      int count = numEnvsOverride > 0 ? numEnvsOverride : ((Config) config).num_envs();
      return new AutoResetVectorEnv(new TintSimulator(count), true, false);
    }
  }

  @Override
  public EnvSpec spec() {
    return new EnvSpec("tint", n, new ObservationSpec(0, SIDE, SIDE, false, PROPRIO, true),
        new ActionSpec(3, 2, List.of("x", "y", "z")), List.of("tint"), List.of(HORIZON));
  }

  @Override
  public void reset(int[] envIdx, long[] seeds) {
    for (int k = 0; k < envIdx.length; k++) {
      seed[envIdx[k]] = seeds[k];
    }
  }

  @Override
  public void step(HostArray actions, boolean[] active, float[] reward, boolean[] success,
      boolean[] failure) {
    float[] a = actions.toFloatArray();
    for (int i = 0; i < n; i++) {
      if (active[i]) {
        success[i] = a[i * 3] > 0;
        reward[i] = a[i * 3];
        failure[i] = false;
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
    byte[] img = new byte[n * SIDE * SIDE * 3];
    float[] proprio = new float[n * PROPRIO];
    String[] text = new String[n];
    for (int i = 0; i < n; i++) {
      Rng r = new Rng(seed[i]);
      for (int k = 0; k < SIDE * SIDE * 3; k++) {
        img[i * SIDE * SIDE * 3 + k] = (byte) r.nextInt(256);
      }
      for (int k = 0; k < PROPRIO; k++) {
        proprio[i * PROPRIO + k] = (float) r.uniform(-1, 1);
      }
      text[i] = INSTRUCTIONS[r.nextInt(INSTRUCTIONS.length)];
    }
    return new Observations(n, null, HostArray.ofBytes(img, n, SIDE, SIDE, 3), null,
        HostArray.ofFloats(proprio, n, PROPRIO), text, new int[n]);
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
