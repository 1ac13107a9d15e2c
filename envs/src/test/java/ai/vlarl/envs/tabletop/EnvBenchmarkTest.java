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
      assertTrue(((Number) row.get("steps_per_s")).doubleValue() > 0);
      String json = EnvBenchmark.toJson(row);
      assertTrue(json.startsWith("{\"mode\": \"") && json.contains("\"steps_per_s\": "), json);
    }
  }
}
