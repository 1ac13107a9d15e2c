package ai.vlarl.policies.vla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.config.ConfigException;
import ai.vlarl.framework.config.Doc;
import ai.vlarl.framework.env.ActionSpec;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.ObservationSpec;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VlaConfigTest {

  @Test
  void everyKeyIsDocumentedSnakeCaseWithADefault() {
    for (Class<?> c : new Class<?>[] {VlaConfig.class, SftConfig.class}) {
      for (RecordComponent rc : c.getRecordComponents()) {
        Doc doc = rc.getAnnotation(Doc.class);
        assertNotNull(doc, c.getSimpleName() + "." + rc.getName() + " has no @Doc");
        assertFalse(doc.value().isBlank());
        boolean emptyAllowed = rc.getType().isRecord() || rc.getName().equals("init")
            || rc.getName().equals("dataset");
        assertTrue(emptyAllowed || !doc.dflt().isBlank(), rc.getName() + " has no default");
        assertEquals(rc.getName().toLowerCase(), rc.getName());
      }
    }
  }

  @Test
  void defaultsAreTheTinyAutoregressiveOpenVlaSetup() {
    VlaConfig c = VlaFixtures.config(Map.of());
    assertEquals(VlaSize.TINY, c.size());
    assertEquals(VlaConfig.Decoding.AUTOREGRESSIVE, c.decoding());
    assertEquals(VlaConfig.Vision.SINGLE, c.vision());
    assertEquals("", c.init());
    assertEquals(300, c.sft().episodes());
    VlaConfig parallel = VlaFixtures.config(Map.of("decoding", "parallel", "chunk", 4));
    assertEquals(VlaConfig.Decoding.PARALLEL, parallel.decoding());
  }

  @Test
  void badValuesAreRefusedWithTheirKey() {
    var e = assertThrows(ConfigException.class, () -> VlaFixtures.config(Map.of("size", "huge")));
    assertTrue(e.getMessage().contains("'size'") && e.getMessage().contains("tiny"), e.getMessage());
    var t = assertThrows(ConfigException.class, () -> VlaFixtures.config(Map.of("temperature", 0)));
    assertTrue(t.getMessage().contains("temperature"), t.getMessage());
    var s =
        assertThrows(
            ConfigException.class, () -> VlaFixtures.config(Map.of("sft", Map.of("epochs", 0))));
    assertTrue(s.getMessage().contains("sft.epochs"), s.getMessage());
  }

  @Test
  void factoryChecksTheEnv() {
    VlaConfig c = VlaFixtures.config(Map.of("chunk", 2));
    ActionSpec act = new ActionSpec(4, 8, List.of("dx", "dy", "dz", "g"));
    EnvSpec state =
        new EnvSpec("s", 2, new ObservationSpec(26, 0, 0, false, 0, true), act, List.of("r"), List.of(5));
    var e = assertThrows(IllegalArgumentException.class, () -> VlaPolicyFactory.create(c, state, 1));
    assertTrue(e.getMessage().contains("env.obs_mode=rgb"), e.getMessage());
    EnvSpec rgb =
        new EnvSpec("r", 2, new ObservationSpec(0, 16, 16, false, 5, true), act, List.of("r"), List.of(5));
    VlaConfig tooLong = VlaFixtures.config(Map.of("chunk", 9));
    var e2 = assertThrows(IllegalArgumentException.class, () -> VlaPolicyFactory.create(tooLong, rgb, 1));
    assertTrue(e2.getMessage().contains("policy.chunk=9"), e2.getMessage());
    VlaConfig badInit = VlaFixtures.config(Map.of("patch", 4, "init", "/nonexistent/run"));
    var e3 = assertThrows(IllegalArgumentException.class, () -> VlaPolicyFactory.create(badInit, rgb, 1));
    assertTrue(e3.getMessage().startsWith("policy.init=/nonexistent/run: "), e3.getMessage());
    try (VlaPolicy p = VlaPolicyFactory.create(VlaFixtures.config(Map.of("patch", 4, "proprio", true)), rgb, 1)) {
      assertEquals(5, p.arch().proprioDim());
      assertEquals(16, p.arch().imageSize());
    }
    // the wrist image: the env must render one, and only the conv stem reads it
    VlaConfig wrist = VlaFixtures.config(Map.of("patch", 4, "wrist_image", true));
    var e4 = assertThrows(IllegalArgumentException.class, () -> VlaPolicyFactory.create(wrist, rgb, 1));
    assertTrue(e4.getMessage().contains("renders no wrist camera") && e4.getMessage().contains("env.wrist_camera=true"),
        e4.getMessage());
    var e5 = assertThrows(ConfigException.class,
        () -> VlaFixtures.config(Map.of("wrist_image", true, "stem", "linear")));
    assertTrue(e5.getMessage().contains("wrist_image=true needs stem=conv"), e5.getMessage());
    EnvSpec withWrist =
        new EnvSpec("w", 2, new ObservationSpec(0, 16, 16, true, 5, true), act, List.of("r"), List.of(5));
    try (VlaPolicy p = VlaPolicyFactory.create(wrist, withWrist, 1)) {
      assertTrue(p.arch().wrist());
      assertEquals(6, p.arch().imageChannels());
    }
  }
}
