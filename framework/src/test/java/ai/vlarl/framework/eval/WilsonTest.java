package ai.vlarl.framework.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class WilsonTest {
  private static final double EPS = 1e-9;

  @Test
  void sevenOfTen() {
    // p = 0.7, z² = 3.841459, 1 + z²/n = 1.3841459
    // center = (0.7 + 0.1920729) / 1.3841459 = 0.6444935
    // half = 1.959964 / 1.3841459 · sqrt(0.021 + 0.0096036) = 1.4160139 · 0.1749389 = 0.2477153
    Wilson.Interval i = Wilson.interval95(7, 10);
    assertEquals(0.39677814746, i.low(), EPS);
    assertEquals(0.89220873259, i.high(), EPS);
  }

  @Test
  void noSuccessesStartsAtZero() {
    // p = 0: center = half = 0.1920729 / 1.3841459 = 0.1387664, so [0, 2 · 0.1387664]
    Wilson.Interval i = Wilson.interval95(0, 10);
    assertEquals(0, i.low(), 0);
    assertEquals(0.27753279986, i.high(), EPS);
  }

  @Test
  void allSuccessesEndAtOne() {
    // mirror of 0/10 (and 50/50: 1 − 2 · (z²/100) / (1 + z²/50) / 2 = 0.9286524)
    assertEquals(0.72246720014, Wilson.interval95(10, 10).low(), EPS);
    assertEquals(1, Wilson.interval95(10, 10).high(), 0);
    assertEquals(0.92865240087, Wilson.interval95(50, 50).low(), EPS);
  }

  @Test
  void halfIsSymmetricAroundOneHalf() {
    // p = 0.5, n = 50: center = 0.5 exactly, half = z / (1 + z²/50) · sqrt(0.005 + z²/10000)
    //   = 1.8855 · 0.0709 = 0.1335549
    Wilson.Interval i = Wilson.interval95(25, 50);
    assertEquals(0.36644514317, i.low(), EPS);
    assertEquals(0.63355485683, i.high(), EPS);
  }

  @Test
  void singleTrials() {
    // 1/1: center = (1 + z²/2) / (1 + z²) = 0.6032747, half = z · sqrt(z²/4) / (1 + z²) = 0.3967253
    assertEquals(0.20654931438, Wilson.interval95(1, 1).low(), EPS);
    assertEquals(0.79345068562, Wilson.interval95(0, 1).high(), EPS);
  }

  @Test
  void noTrialsIsTheWholeRange() {
    assertEquals(new Wilson.Interval(0, 1), Wilson.interval95(0, 0));
  }

  @Test
  void impossibleCountsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Wilson.interval95(3, 2));
    assertThrows(IllegalArgumentException.class, () -> Wilson.interval95(-1, 2));
  }
}
