package ai.vlarl.envs.tabletop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.VectorEnv;
import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TabletopModuleTest {
  @Test
  void theModuleBindsTheTabletopEnvKind() {
    Map<String, EnvFactory> kinds =
        Guice.createInjector(new TabletopModule())
            .getInstance(Key.get(new TypeLiteral<Map<String, EnvFactory>>() {}));
    EnvFactory f = kinds.get("tabletop");
    assertEquals(TabletopConfig.class, f.configType());
    TabletopConfig cfg = Fixtures.config("num_envs", 3, "tasks", List.of("push", "reach"));
    try (VectorEnv env = f.create(cfg, EnvFactory.Purpose.TRAIN, 0)) {
      assertEquals(3, env.spec().numEnvs());
      assertEquals(List.of("push", "reach"), env.spec().tasks());
      assertEquals(List.of(80, 50), env.spec().horizons());
      assertEquals("tabletop[push,reach]", env.spec().name());
      assertEquals(StateEncoder.stateDim(3), env.spec().observation().stateDim());
      assertEquals(4, env.spec().action().dim());
      assertEquals(8, env.spec().action().maxChunk());
      assertTrue(env.spec().observation().instructions());
    }
    try (VectorEnv env = f.create(cfg, EnvFactory.Purpose.EVAL, 7)) {
      assertEquals(7, env.spec().numEnvs(), "override of num_envs");
      assertEquals(7, env.observe().size());
    }
  }
}
