package ai.vlarl.framework.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GroupFilterTest {
  private static boolean[] outcomes(int groupSize, int... successesPerGroup) {
    boolean[] s = new boolean[groupSize * successesPerGroup.length];
    for (int g = 0; g < successesPerGroup.length; g++) {
      for (int k = 0; k < successesPerGroup[g]; k++) {
        s[g * groupSize + k] = true;
      }
    }
    return s;
  }

  @Test
  void defaultBandDropsAllFailAndAllSuccessGroups() {
    // G = 4, successes [0, 1, 4, 3] -> rates [0, 0.25, 1, 0.75]; kept iff 0 < rate < 1
    assertArrayEquals(new boolean[] {false, true, false, true},
        new GroupFilter(0, 1).keep(outcomes(4, 0, 1, 4, 3), 4));
  }

  @Test
  void simpleVlaBandKeepsOneToSevenOfEight() {
    // G = 8, band (0.1, 0.9): 0/8 = 0 out, 1/8 = 0.125 in, 7/8 = 0.875 in, 8/8 = 1 out
    assertArrayEquals(new boolean[] {false, true, true, false},
        new GroupFilter(0.1, 0.9).keep(outcomes(8, 0, 1, 7, 8), 8));
  }

  @Test
  void narrowBandIsExclusiveAtBothEnds() {
    // G = 4, band (0.25, 0.75): rates 0.25 and 0.75 sit on the bounds -> out; 0.5 -> in
    assertArrayEquals(new boolean[] {false, true, false},
        new GroupFilter(0.25, 0.75).keep(outcomes(4, 1, 2, 3), 4));
  }

  @Test
  void noneKeepsEveryGroup() {
    assertArrayEquals(new boolean[] {true, true, true},
        GroupFilter.none().keep(outcomes(2, 0, 1, 2), 2));
  }

  @Test
  void invalidBandAndGroupsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new GroupFilter(0.5, 0.5));
    assertThrows(IllegalArgumentException.class,
        () -> new GroupFilter(0, 1).keep(new boolean[] {true, false}, 1));
  }
}
