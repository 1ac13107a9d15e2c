package ai.vlarl.envs.tabletop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.config.ConfigException;
import ai.vlarl.framework.config.Doc;
import java.lang.reflect.RecordComponent;
import java.util.List;
import org.junit.jupiter.api.Test;

class TabletopConfigTest {
  @Test
  void defaultsComeFromTheDocAnnotations() {
    TabletopConfig c = TabletopConfig.defaults();
    assertEquals(64, c.num_envs());
    assertEquals(List.of("reach", "push", "pick-place"), c.tasks());
    assertEquals("state", c.obs_mode());
    assertEquals(64, c.image_size());
    assertFalse(c.wrist_camera());
    assertEquals("dense", c.reward());
    assertTrue(c.terminate_on_success());
    assertFalse(c.eval_ignore_terminations());
    assertEquals(8, c.max_chunk());
    assertEquals(2, c.distractors());
    assertEquals(50, c.horizon(Tasks.find("reach")));
    assertEquals(80, c.horizon(Tasks.find("push")));
    assertEquals(100, c.horizon(Tasks.find("pick-place")));
    for (RecordComponent rc : TabletopConfig.class.getRecordComponents()) {
      Doc d = rc.getAnnotation(Doc.class);
      assertTrue(d != null && !d.value().isEmpty() && !d.dflt().isEmpty(), rc.getName());
    }
  }

  @Test
  void badValuesAreRejectedWithClearMessages() {
    assertMessage("unknown task 'stack'; known tasks: reach, push, pick-place", "tasks", List.of("reach", "stack"));
    assertMessage("obs_mode must be 'state' or 'rgb', got 'depth'", "obs_mode", "depth");
    assertMessage("reward must be one of dense, staged, sparse", "reward", "shaped");
    assertMessage("image_size must be in [16, 512]", "image_size", 8);
    assertMessage("num_envs must be at least 1", "num_envs", 0);
    assertMessage("distractors must be in [0, 4]", "distractors", 5);
    assertMessage("max_chunk must be in [1, 64]", "max_chunk", 0);
    assertMessage("horizon_scale must be in (0, 100]", "horizon_scale", 0.0);
    assertMessage("tasks lists a task twice", "tasks", List.of("push", "push"));
    assertMessage("tasks must name at least one of", "tasks", List.of());
  }

  @Test
  void unknownKeysAreRejectedByTheBinder() {
    var e = assertThrows(ConfigException.class, () -> Fixtures.config("num_env", 3));
    assertTrue(e.getMessage().contains("num_envs"), e.getMessage());
  }

  private static void assertMessage(String part, String key, Object value) {
    Exception e = assertThrows(RuntimeException.class, () -> Fixtures.config(key, value));
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
