package ai.vlarl.framework.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.vlarl.framework.core.HostArray;
import org.junit.jupiter.api.Test;

class LogProbLevelTest {
  // Two rows of [chunk 2, dim 3] token log-probs:
  //   row 0: [[1, 2, 3], [4, 5, 6]]    row 1: [[-1, -2, -3], [0, 0, 0.5]]
  //   token:  row 0 [1, 2, 3, 4, 5, 6],        row 1 [-1, -2, -3, 0, 0, 0.5]
  //   action: row 0 [1+2+3, 4+5+6] = [6, 15],  row 1 [-6, 0.5]
  //   chunk:  row 0 21,                        row 1 -5.5
  private static final float[] LP = {1, 2, 3, 4, 5, 6, -1, -2, -3, 0, 0, 0.5f};

  @Test
  void unitsPerDecision() {
    assertEquals(6, LogProbLevel.TOKEN.units(2, 3));
    assertEquals(2, LogProbLevel.ACTION.units(2, 3));
    assertEquals(1, LogProbLevel.CHUNK.units(2, 3));
  }

  @Test
  void hostReduction() {
    HostArray a = HostArray.ofFloats(LP, 2, 2, 3);
    assertArrayEquals(LP, LogProbLevel.TOKEN.reduce(a, 2));
    assertArrayEquals(new float[] {6, 15, -6, 0.5f}, LogProbLevel.ACTION.reduce(a, 2));
    assertArrayEquals(new float[] {21, -5.5f}, LogProbLevel.CHUNK.reduce(a, 2));
    // only the first row asked for
    assertArrayEquals(new float[] {21}, LogProbLevel.CHUNK.reduce(a, 1));
  }

  @Test
  void differentiableReductionHasTheSameValuesAndShapes() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(LP, new Shape(2, 2, 3));
      NDArray token = LogProbLevel.TOKEN.reduce(a);
      NDArray action = LogProbLevel.ACTION.reduce(a);
      NDArray chunk = LogProbLevel.CHUNK.reduce(a);
      assertEquals(new Shape(2, 6), token.getShape());
      assertEquals(new Shape(2, 2), action.getShape());
      assertEquals(new Shape(2), chunk.getShape());
      assertArrayEquals(LP, token.toFloatArray());
      assertArrayEquals(new float[] {6, 15, -6, 0.5f}, action.toFloatArray());
      assertArrayEquals(new float[] {21, -5.5f}, chunk.toFloatArray());
    }
  }
}
