package ai.vlarl.framework.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GroupAdvantagesTest {

  @Test
  void rewardsAreStandardizedWithinEachGroup() {
    // group 0 = [1, 0, 0, 0]: mean 0.25, squared deviations 0.5625 + 3 * 0.0625 = 0.75,
    //   sample std sqrt(0.75 / 3) = 0.5 -> A = [0.75, -0.25, -0.25, -0.25] / 0.5 = [1.5, -0.5 x3]
    // group 1 = [1, 1, 0, 0]: mean 0.5, squared deviations 4 * 0.25 = 1, std sqrt(1/3) = 0.577350
    //   -> A = +-0.5 / 0.577350 = +-0.866025
    float[] a = GroupAdvantages.compute(new float[] {1, 0, 0, 0, 1, 1, 0, 0}, 4, 0);
    assertArrayEquals(new float[] {1.5f, -0.5f, -0.5f, -0.5f,
        0.866025f, 0.866025f, -0.866025f, -0.866025f}, a, 1e-5f);
  }

  @Test
  void epsKeepsTheDenominatorAboveZero() {
    // G = 2, [1, 0]: mean 0.5, std sqrt(0.5 / 1) = 0.707107; with eps 0.1: 0.5 / 0.807107 = 0.619496
    assertArrayEquals(new float[] {0.619496f, -0.619496f},
        GroupAdvantages.compute(new float[] {1, 0}, 2, 0.1), 1e-5f);
  }

  @Test
  void taskRewardsAreStandardizedToo() {
    // [3, 1, 2]: mean 2, deviations [1, -1, 0], std sqrt(2 / 2) = 1 -> A = [1, -1, 0]
    assertArrayEquals(new float[] {1, -1, 0},
        GroupAdvantages.compute(new float[] {3, 1, 2}, 3, 0), 1e-6f);
  }

  @Test
  void equalRewardsGiveZeroAdvantage() {
    // all succeed, all fail, equal returns: std 0 -> no signal, A = 0 (not NaN, not +-1/eps)
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0},
        GroupAdvantages.compute(new float[] {1, 1, 0, 0, 0.3f, 0.3f}, 2, GroupAdvantages.EPS));
  }

  @Test
  void aGroupOfOneIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GroupAdvantages.compute(new float[] {1, 0}, 1, 1e-6));
    assertTrue(e.getMessage().contains("at least 2 members"), e.getMessage());
  }

  @Test
  void episodesMustSplitIntoWholeGroups() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GroupAdvantages.compute(new float[] {1, 0, 1}, 2, 1e-6));
    assertTrue(e.getMessage().contains("3 episodes do not split into groups of 2"), e.getMessage());
  }
}
