package ai.vlarl.framework.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class GaeTest {
  private static final double GAMMA = 0.9;
  private static final double LAMBDA = 0.8; // gamma * lambda = 0.72

  // Three env columns share rewards [1, 0, 2] and values [0.5, 0.4, 0.3]; they differ at t = 1:
  //   env 0: the episode goes on           -> nextValue[1] = V(s2) = 0.3
  //   env 1: it terminates at t = 1        -> nextValue[1] = 0, recursion cut
  //   env 2: it is truncated at t = 1, V(final obs) = 0.7 -> nextValue[1] = 0.7, recursion cut
  // At t = 2 (a new episode for envs 1 and 2) all bootstrap from V = 0.6.
  private final float[][] rewards = {{1, 1, 1}, {0, 0, 0}, {2, 2, 2}};
  private final float[][] values = {{0.5f, 0.5f, 0.5f}, {0.4f, 0.4f, 0.4f}, {0.3f, 0.3f, 0.3f}};
  private final float[][] nextValues = {{0.4f, 0.4f, 0.4f}, {0.3f, 0f, 0.7f}, {0.6f, 0.6f, 0.6f}};
  private final boolean[][] dones = {{false, false, false}, {false, true, true}, {false, false, false}};

  @Test
  void advantagesMatchHandDerivation() {
    float[][][] out = Gae.compute(rewards, values, nextValues, dones, GAMMA, LAMBDA);
    // t = 2 (all): delta = 2 + 0.9 * 0.6 - 0.3 = 2.24; A = 2.24
    // env 0: delta1 = 0 + 0.9 * 0.3 - 0.4 = -0.13;  A1 = -0.13 + 0.72 * 2.24 = 1.4828
    //        delta0 = 1 + 0.9 * 0.4 - 0.5 = 0.86;   A0 = 0.86 + 0.72 * 1.4828 = 1.927616
    // env 1: delta1 = 0 + 0 - 0.4 = -0.4 (terminated: no bootstrap); A1 = -0.4 (cut)
    //        A0 = 0.86 + 0.72 * -0.4 = 0.572
    // env 2: delta1 = 0 + 0.9 * 0.7 - 0.4 = 0.23 (truncated: bootstrap from final obs); A1 = 0.23
    //        A0 = 0.86 + 0.72 * 0.23 = 1.0256
    float[][] adv = out[0];
    assertArrayEquals(new float[] {1.927616f, 0.572f, 1.0256f}, adv[0], 1e-5f);
    assertArrayEquals(new float[] {1.4828f, -0.4f, 0.23f}, adv[1], 1e-5f);
    assertArrayEquals(new float[] {2.24f, 2.24f, 2.24f}, adv[2], 1e-5f);
    // returns = A + V
    float[][] ret = out[1];
    assertArrayEquals(new float[] {2.427616f, 1.072f, 1.5256f}, ret[0], 1e-5f);
    assertArrayEquals(new float[] {1.8828f, 0.0f, 0.63f}, ret[1], 1e-5f);
  }

  @Test
  void lambdaZeroIsOneStepTdError() {
    float[][][] out = Gae.compute(rewards, values, nextValues, dones, GAMMA, 0.0);
    // A_t = delta_t alone: env 0 -> [0.86, -0.13, 2.24]
    assertArrayEquals(new float[] {0.86f, -0.13f, 2.24f},
        new float[] {out[0][0][0], out[0][1][0], out[0][2][0]}, 1e-5f);
  }
}
