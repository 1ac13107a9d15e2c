package ai.vlarl.framework.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.vlarl.framework.env.EpisodeStats;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.json and report.md against golden files (src/test/resources/eval/). */
class ReportWritersTest {

  /** reach: 7 of 10 (lengths 10 and 50), push: 45 of 50, pick-place: 0 of 1. */
  static SuiteReport sample(boolean atEnd) {
    List<EpisodeStats> reach = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      boolean ok = k < 7;
      // successes last 10 steps with return 1.5, failures 50 steps with return 0.25
      reach.add(new EpisodeStats(k % 4, 0, ok, ok && k != 0, ok ? 1.5 : 0.25, ok ? 10 : 50, ok, !ok));
    }
    Map<String, Object> protocol = new LinkedHashMap<>();
    protocol.put("episodes_per_task", 10);
    protocol.put("split", "train");
    return new SuiteReport("tabletop", "the training distribution", "/runs/a/checkpoints/step-1",
        7, atEnd, protocol, List.of(
            TaskResult.of("reach", reach),
            new TaskResult("push", 50, 45, 44, 50 * 60, 50.0),
            new TaskResult("pick-place", 1, 0, 0, 100, 0.5)));
  }

  @Test
  void taskResultCountsEpisodes() {
    TaskResult r = sample(false).tasks().get(0);
    assertEquals(10, r.episodes());
    assertEquals(7, r.successes());
    assertEquals(6, r.successesAtEnd()); // episode 0 succeeded but not at its end
    // (7 · 10 + 3 · 50) / 10 = 22 steps; (7 · 1.5 + 3 · 0.25) / 10 = 1.125
    assertEquals(22.0, r.meanLength(), 1e-12);
    assertEquals(1.125, r.meanReturn(), 1e-12);
    assertEquals(0.7, r.successRate(), 1e-12);
  }

  @Test
  void meanIsOverTasks() {
    // (0.7 + 0.9 + 0) / 3 = 0.5333..., not 52 / 61 pooled
    assertEquals(1.6 / 3, sample(false).meanSuccessRate(), 1e-12);
    assertEquals(61, sample(false).episodes());
    assertEquals(52, sample(false).successes());
  }

  @Test
  void jsonMatchesGolden(@TempDir Path dir) throws IOException {
    Path file = ReportJson.write(sample(false), dir);
    assertEquals(golden("report.json"), Files.readString(file));
  }

  @Test
  void markdownMatchesGolden(@TempDir Path dir) throws IOException {
    assertEquals(golden("report.md"), Files.readString(ReportMarkdown.write(sample(false), dir)));
    assertEquals(golden("report-at-end.md"), ReportMarkdown.text(sample(true)));
  }

  static String golden(String name) throws IOException {
    try (InputStream in = ReportWritersTest.class.getResourceAsStream("/eval/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
