package ai.vlarl.policies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.vlarl.framework.core.Rng;
import org.junit.jupiter.api.Test;

class OrthogonalInitTest {
  private static final float[] GOLDEN = {
    -0.025915166f, -0.9775542f, -0.20908408f, 0.5151577f, 0.16618395f, -0.8408302f
  };

  private static void checkOrthonormal(float[] w, int rows, int cols, double gain, boolean byRows) {
    int k = byRows ? rows : cols;
    int len = byRows ? cols : rows;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double dot = 0;
        for (int t = 0; t < len; t++) {
          float a = byRows ? w[i * cols + t] : w[t * cols + i];
          float b = byRows ? w[j * cols + t] : w[t * cols + j];
          dot += a * b;
        }
        assertEquals(i == j ? gain * gain : 0, dot, 1e-5 * gain * gain, i + "," + j);
      }
    }
  }

  @Test
  void wideMatricesHaveOrthonormalRowsAndTallOnesOrthonormalColumns() {
    checkOrthonormal(OrthogonalInit.matrix(5, 12, 2.0, new Rng(1)), 5, 12, 2.0, true);
    checkOrthonormal(OrthogonalInit.matrix(12, 5, 0.5, new Rng(1)), 12, 5, 0.5, false);
    checkOrthonormal(OrthogonalInit.matrix(7, 7, 1.0, new Rng(2)), 7, 7, 1.0, true);
  }

  @Test
  void valuesDependOnTheSeedAlone() {
    assertArrayEquals(
        OrthogonalInit.matrix(4, 9, 1.0, new Rng(5)), OrthogonalInit.matrix(4, 9, 1.0, new Rng(5)));
    assertEquals(OrthogonalInit.of(3, "actor.0", 1.0), OrthogonalInit.of(3, "actor.0", 1.0));
    assertNotEquals(
        OrthogonalInit.of(3, "actor.0", 1.0).seed(), OrthogonalInit.of(3, "actor.1", 1.0).seed());
    // pinned values: the same in every JVM and on every platform (StrictMath, SplitMix64)
    assertArrayEquals(GOLDEN, OrthogonalInit.matrix(2, 3, 1.0, new Rng(1)));
  }
}
