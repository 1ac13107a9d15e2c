package ai.vlarl.policies.vla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BinTokenizerTest {
  private final BinTokenizer t = BinTokenizer.INSTANCE;

  @Test
  void encodesAsNumpyDigitizeMinusOne() {
    // edges e_k = -1 + 2k/255; token = #{k : e_k <= x} - 1 (values checked against
    // np.digitize(np.clip(x, -1, 1), np.linspace(-1, 1, 256)) - 1)
    assertEquals(0, t.encode(-1f)); // only e_0 <= -1
    assertEquals(0, t.encode(-0.999f)); // e_1 = -0.99216 > -0.999
    assertEquals(63, t.encode(-0.5f)); // 2k/255 <= 0.5  <=>  k <= 63.75
    assertEquals(127, t.encode(0f)); // k <= 127.5
    assertEquals(127, t.encode(0.003f)); // e_128 = 1/255 = 0.00392 > 0.003
    assertEquals(128, t.encode(0.004f));
    assertEquals(191, t.encode(0.5f)); // k <= 191.25
    assertEquals(253, t.encode(0.99f)); // k <= 253.7
    assertEquals(255, t.encode(1f)); // every edge, the last one included
    assertEquals(0, t.encode(-7f)); // clipped
    assertEquals(255, t.encode(3f));
    assertThrows(IllegalArgumentException.class, () -> t.encode(Float.NaN));
  }

  @Test
  void decodesToBinCentersAndClipsTheLastToken() {
    // center_k = -1 + (2k + 1)/255
    assertEquals((float) -0.996078431372549, t.decode(0));
    assertEquals(0f, t.decode(127)); // (e_127 + e_128)/2 = -1 + 255/255
    assertEquals(0.5019608f, t.decode(191)); // -1 + 383/255
    assertEquals((float) 0.996078431372549, t.decode(254));
    assertEquals(t.decode(254), t.decode(255)); // OpenVLA clips to [0, 254]
    assertThrows(IllegalArgumentException.class, () -> t.decode(256));
    assertThrows(IllegalArgumentException.class, () -> t.decode(-1));
  }

  @Test
  void roundTripErrorIsAtMostHalfABin() {
    for (int i = 0; i <= 2000; i++) {
      float x = -1f + i / 1000f;
      assertEquals(x, t.decode(t.encode(x)), 1.0 / 255 + 1e-6, "x = " + x);
    }
    for (int k = 0; k < 255; k++) {
      assertEquals(k, t.encode(t.decode(k)), "center " + k + " lies in its own bin");
    }
  }

  @Test
  void actionTokensAreTheLastVocabularyIdsInReverse() {
    assertEquals(999, BinTokenizer.vocabId(0, 1000)); // token_id = V - digitize(x) = V - 1 - t
    assertEquals(744, BinTokenizer.vocabId(255, 1000));
    assertThrows(IllegalArgumentException.class, () -> BinTokenizer.vocabId(256, 1000));
  }
}
