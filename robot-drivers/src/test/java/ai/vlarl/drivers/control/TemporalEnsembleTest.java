package ai.vlarl.drivers.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TemporalEnsembleTest {
  @Test
  void averagesOverlappingPredictionsOldestFirst() {
    TemporalEnsemble e = new TemporalEnsemble(Math.log(2)); // weights 1, 1/2, 1/4, ...
    e.accept(new float[][] {{0}, {1}, {2}}, 0);
    assertArrayEquals(new float[] {0}, e.actionFor(0), 1e-6f);
    e.accept(new float[][] {{10}, {11}, {12}}, 1);
    // step 1: chunk 0 predicts 1 (weight 1), chunk 1 predicts 10 (weight 1/2): (1 + 5) / 1.5 = 4
    assertArrayEquals(new float[] {4}, e.actionFor(1), 1e-6f);
    e.accept(new float[][] {{20}, {21}, {22}}, 2);
    // step 2: 2·1 + 11·0.5 + 20·0.25 = 12.5 over 1.75
    assertArrayEquals(new float[] {12.5f / 1.75f}, e.actionFor(2), 1e-5f);
    // step 3: chunk 0 expired; 12·1 + 21·0.5 = 22.5 over 1.5 = 15
    assertArrayEquals(new float[] {15}, e.actionFor(3), 1e-5f);
    assertArrayEquals(new float[] {22}, e.actionFor(4), 1e-5f);
    assertNull(e.actionFor(5));
  }

  @Test
  void anOpenLoopQueueAsksWhenItRunsLow() {
    OpenLoopQueue q = new OpenLoopQueue(1);
    org.junit.jupiter.api.Assertions.assertTrue(q.wantsDecision(0));
    q.accept(new float[][] {{1}, {2}, {3}}, 0);
    org.junit.jupiter.api.Assertions.assertFalse(q.wantsDecision(0));
    assertArrayEquals(new float[] {1}, q.actionFor(0));
    assertArrayEquals(new float[] {2}, q.actionFor(1));
    org.junit.jupiter.api.Assertions.assertTrue(q.wantsDecision(2), "one action left = prefetch");
  }
}
