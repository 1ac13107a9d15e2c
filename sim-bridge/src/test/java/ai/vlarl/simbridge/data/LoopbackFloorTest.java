package ai.vlarl.simbridge.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The loopback floor's round trips, with and without its answerer computing first. */
class LoopbackFloorTest {
  @Test
  void aRoundTripIncludesTheAnswerersComputeTime() {
    try (LoopbackFloor floor = new LoopbackFloor(16, 100_000)) {
      long plain = floor.roundTrip(0);
      long computed = floor.roundTrip(20_000_000);
      assertTrue(plain > 0, "round trip " + plain + " ns");
      // the reply cannot come before the answerer spent its 20 ms
      assertTrue(computed >= 20_000_000, "round trip " + computed + " ns with 20 ms of compute");
      // and the next plain one does not wait for it again
      long again = floor.roundTrip(0);
      assertTrue(again < 20_000_000, "round trip " + again + " ns after a computed one");
    }
  }

  @Test
  void aNegativeComputeTimeIsRefused() {
    try (LoopbackFloor floor = new LoopbackFloor(8, 8)) {
      assertThrows(IllegalArgumentException.class, () -> floor.roundTrip(-1));
    }
  }
}
