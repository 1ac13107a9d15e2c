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
      assertTrue(((Number) r.get("actions_per_s")).doubleValue() > 0, r.toString());
    }
  }
}
