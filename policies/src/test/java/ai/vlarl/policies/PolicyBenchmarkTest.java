package ai.vlarl.policies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyBenchmarkTest {
  @Test
  void producesOneRowPerPolicyAndBatch() {
    List<Map<String, Object>> rows = PolicyBenchmark.run(0.02);
    assertEquals(6, rows.size());
    assertEquals("mlp", rows.get(0).get("policy"));
    assertEquals("cnn", rows.get(5).get("policy"));
    assertEquals(64, rows.get(5).get("batch"));
    assertEquals(305_621L, rows.get(5).get("params"));
    for (Map<String, Object> r : rows) {
      double actions = ((Number) r.get("actions_per_s")).doubleValue();
      double calls = ((Number) r.get("calls")).doubleValue();
      double seconds = ((Number) r.get("seconds")).doubleValue();
      assertTrue(actions > 0 && calls >= 1 && seconds > 0, r.toString());
      // one call takes ms_per_call, so actions per second = batch x 1000 / ms_per_call, and the
      // calls fill the measured seconds (rounded to 1 ms in the row)
      int batch = (Integer) r.get("batch");
      double msPerCall = ((Number) r.get("ms_per_call")).doubleValue();
      assertEquals(batch * 1e3 / msPerCall, actions, 0.001 * actions, r.toString());
      assertEquals(seconds, calls * msPerCall / 1e3, 0.0006 + 1e-6 * calls, r.toString());
    }
  }
}
