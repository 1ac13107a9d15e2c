package ai.vlarl.envs.tabletop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EpisodeSamplerTest {
  private final EpisodeSampler sampler = new EpisodeSampler(Tasks.ALL, 5);

  @Test
  void layoutsKeepObjectsApartAndOnTheTable() {
    int crowded = 0;
    for (long seed = 0; seed < 400; seed++) {
      Episode e = sampler.sample(seed);
      float[] b = e.blocks();
      float[] f = e.fixtures();
      assertNotEquals(f[0] + "," + f[1], f[2] + "," + f[3]);
      for (int j = 0; j < 5; j++) {
        assertTrue(Math.abs(b[3 * j]) <= Placement.BLOCK_LIMIT + 1e-6 && Math.abs(b[3 * j + 1]) <= Placement.BLOCK_LIMIT + 1e-6);
        assertEquals(Geometry.BLOCK_HALF, b[3 * j + 2]);
        for (int m = j + 1; m < 5; m++) {
          if (Math.hypot(b[3 * j] - b[3 * m], b[3 * j + 1] - b[3 * m + 1]) < 0.07 - 1e-6) {
            crowded++;
          }
        }
        for (int k = 0; k < Episode.FIXTURES; k++) {
          double d = Math.hypot(b[3 * j] - f[2 * k], b[3 * j + 1] - f[2 * k + 1]);
          if (d < (e.plates()[k] ? Placement.PLATE_R : Placement.ZONE_R) + Placement.BLOCK_R) {
            crowded++;
          }
        }
      }
      double toGoal = Math.hypot(b[0] - f[0], b[1] - f[1]);
      switch (e.task().name()) {
        case "push" -> {
          assertTrue(!e.plates()[0] && toGoal >= 0.1 - 1e-6 && toGoal <= 0.18 + 1e-6, "push distance " + toGoal);
          assertTrue(e.instruction().contains(e.fixtureColors()[0].word()), e.instruction());
        }
        case "pick-place" -> {
          assertTrue(e.plates()[0] && toGoal >= 0.12, "pick-place distance " + toGoal);
          assertTrue(e.instruction().contains(e.fixtureColors()[0].word() + " plate"), e.instruction());
        }
        default -> assertTrue(e.instruction().contains(e.targetColor().word()), e.instruction());
      }
      assertTrue(e.instruction().contains(e.targetColor().word()), e.instruction());
      assertEquals(5, new HashSet<>(List.of(e.blockColors())).size(), "distinct block colors");
    }
    assertTrue(crowded <= 4, "overlapping starts in 400 crowded layouts (5 blocks): " + crowded);
  }

  @Test
  void instructionsVaryInPhrasingAndColors() {
    Set<String> phrasings = new HashSet<>();
    Set<String> instructions = new HashSet<>();
    for (long seed = 0; seed < 200; seed++) {
      Episode e = sampler.sample(seed);
      instructions.add(e.instruction());
      phrasings.add(e.instruction()
          .replace(e.targetColor().word(), "{block}")
          .replace(e.fixtureColors()[0].word(), "{goal}"));
    }
    assertTrue(phrasings.size() >= 10, "phrasings: " + phrasings);
    assertTrue(instructions.size() >= 60, "distinct instructions: " + instructions.size());
  }
}
