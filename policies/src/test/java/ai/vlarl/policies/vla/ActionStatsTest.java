package ai.vlarl.policies.vla;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ActionStatsTest {

  @Test
  void percentilesAreNumpysLinearQuantiles() {
    // column 0 = 0..9, column 1 = 1..10: h = 9·0.01 = 0.09 → 0.09 and 1.09; h = 8.91 → 8.91, 9.91
    // (np.quantile(a, [0.01, 0.99], axis=0) gives the same)
    float[] a = new float[20];
    for (int r = 0; r < 10; r++) {
      a[2 * (9 - r)] = r; // order must not matter
      a[2 * (9 - r) + 1] = r + 1;
    }
    ActionStats s = ActionStats.fromActions(a, 2);
    assertArrayEquals(new float[] {0.09f, 1.09f}, s.q01(), 1e-6f);
    assertArrayEquals(new float[] {8.91f, 9.91f}, s.q99(), 1e-6f);
  }

  @Test
  void normalizesAndUnnormalizesAsOpenVla() {
    ActionStats s =
        new ActionStats(new float[] {0f, -1f}, new float[] {10f, 1f}, new boolean[] {true, false});
    // 2 (x - 0) / 10 - 1
    assertEquals(-1f, s.normalize(0, 0f), 1e-6f);
    assertEquals(0f, s.normalize(0, 5f), 1e-6f);
    assertEquals(0.5f, s.normalize(0, 7.5f), 1e-6f);
    assertEquals(1f, s.normalize(0, 12f), 1e-6f); // clipped
    assertEquals(-1f, s.normalize(0, -3f), 1e-6f);
    // 0.5 (n + 1) · 10 + 0
    assertEquals(7.5f, s.unnormalize(0, 0.5f), 1e-6f);
    // unmasked dimension passes through
    assertEquals(0.3f, s.normalize(1, 0.3f));
    assertEquals(-0.7f, s.unnormalize(1, -0.7f));
    ActionStats id = ActionStats.identity(3);
    for (float x = -1f; x <= 1f; x += 0.125f) {
      assertEquals(x, id.unnormalize(2, id.normalize(2, x)), 1e-6f);
    }
  }

  @Test
  void constantDimensionDoesNotDivideByZero() {
    ActionStats s = ActionStats.fromActions(new float[] {1f, 1f, 1f}, 1);
    assertEquals(1f, s.q01()[0]);
    assertEquals(1f, s.q99()[0]);
    assertEquals(-1f, s.normalize(0, 1f), 1e-6f); // 2·0/(0 + 1e-8) - 1
    assertEquals(1f, s.unnormalize(0, 0.3f));
  }

  @Test
  void roundTripsThroughAStream() throws IOException {
    ActionStats s =
        new ActionStats(new float[] {-0.5f, 0f}, new float[] {0.25f, 1f}, new boolean[] {true, false});
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    s.write(new DataOutputStream(b));
    ActionStats back = ActionStats.read(new DataInputStream(new ByteArrayInputStream(b.toByteArray())));
    assertEquals(s, back);
  }

  @Test
  void rejectsBadInput() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ActionStats.fromActions(new float[] {0f, Float.NaN}, 2));
    assertTrue(e.getMessage().contains("dimension 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ActionStats.fromActions(new float[3], 2));
    var inverted =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ActionStats(new float[] {1f}, new float[] {0f}, new boolean[] {true}));
    assertTrue(inverted.getMessage().contains("dimension 0"), inverted.getMessage());
  }
}
