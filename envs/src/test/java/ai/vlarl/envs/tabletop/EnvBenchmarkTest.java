package ai.vlarl.envs.tabletop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvBenchmarkTest {
  @Test
  void rowsReportStepsPerSecondPerModeAndSize() {
    List<Map<String, Object>> rows = EnvBenchmark.run(0.1, List.of("state", "rgb"), List.of(4));
    assertEquals(2, rows.size());
    assertEquals("state", rows.get(0).get("mode"));
    assertEquals("rgb", rows.get(1).get("mode"));
    for (Map<String, Object> row : rows) {
      assertEquals(4, row.get("envs"));
      double perS = ((Number) row.get("steps_per_s")).doubleValue();
      double stepMs = ((Number) row.get("step_ms")).doubleValue();
      assertTrue(perS > 0 && stepMs > 0, row.toString());
      // sub-env steps per second = envs / step time (both rounded in the row)
      assertEquals(4 * 1000 / stepMs, perS, 0.02 * perS, row.toString());
      assertTrue(((Number) row.get("seconds")).doubleValue() >= 0.1, "measured for the time asked: " + row);
      String json = EnvBenchmark.toJson(row);
      assertTrue(json.startsWith("{\"mode\": \"") && json.contains("\"steps_per_s\": "), json);
    }
  }
}
