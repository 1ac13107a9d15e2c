package ai.vlarl.policies.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.policies.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class CnnPolicyTest {

  /** The documented defaults (see the @Doc annotations). */
  static CnnConfig defaults() {
    return new CnnConfig(List.of(16, 32, 32), 3, 2, 128, List.of(128), 21, 1, true, true, false);
  }

  @Test
  void parameterCountOn64x64MatchesTheJavadoc() {
    EnvSpec env = Fixtures.imageEnv(64, 8, false, 4, 4, 1);
    try (CnnPolicy p = CnnPolicy.create(defaults(), env, 0)) {
      assertEquals(305_621, p.parameterCount());
      assertEquals(8, p.proprioDim());
      assertEquals(4, p.numTasks());
      var s = p.act(Fixtures.observations(env, 3, 1), false, new Rng(1));
      assertEquals(3, s.value().length);
    }
  }

  @Test
  void partsTheEnvLacksOrTheConfigTurnsOffAreNotRead() {
    CnnConfig noExtras =
        new CnnConfig(List.of(8), 3, 2, 16, List.of(), 3, 1, false, false, false);
    EnvSpec env = Fixtures.imageEnv(8, 8, false, 4, 2, 1);
    try (CnnPolicy p = CnnPolicy.create(noExtras, env, 0)) {
      assertEquals(0, p.proprioDim());
      assertEquals(0, p.numTasks());
      Observations imageOnly =
          new Observations(
              2, null, Fixtures.pixels(new Rng(1), 2, 8, 8), null, null, null, null);
      assertEquals(2, p.act(imageOnly, false, new Rng(1)).value().length);
    }
    // a single task gives no one-hot
    try (CnnPolicy p = CnnPolicy.create(defaults(), Fixtures.imageEnv(8, 0, false, 1, 2, 1), 0)) {
      assertEquals(0, p.numTasks());
    }
  }

  @Test
  void actRejectsObservationsItWasNotBuiltFor() {
    EnvSpec env = Fixtures.imageEnv(8, 3, false, 2, 2, 1);
    try (CnnPolicy p = CnnPolicy.create(defaults(), env, 0)) {
      Observations ok = Fixtures.observations(env, 2, 1);
      Observations noTasks =
          new Observations(2, null, ok.image(), null, ok.proprio(), null, null);
      var e = assertThrows(IllegalArgumentException.class, () -> p.act(noTasks, true, null));
      assertTrue(e.getMessage().contains("taskIds"), e.getMessage());
      Observations badTask =
          new Observations(2, null, ok.image(), null, ok.proprio(), null, new int[] {0, 2});
      assertThrows(IllegalArgumentException.class, () -> p.act(badTask, true, null));
      Observations noImage =
          new Observations(2, null, null, null, ok.proprio(), null, ok.taskIds());
      var img = assertThrows(IllegalArgumentException.class, () -> p.value(noImage));
      assertTrue(img.getMessage().contains("UINT8[N, 8, 8, 3]"), img.getMessage());
      Observations wrongImage =
          new Observations(
              2, null, Fixtures.pixels(new Rng(1), 2, 9, 8), null, ok.proprio(), null,
              ok.taskIds());
      assertThrows(IllegalArgumentException.class, () -> p.value(wrongImage));
    }
  }

  @Test
  void factoryChecksTheEnv() {
    CnnPolicyFactory f = new CnnPolicyFactory();
    var state =
        assertThrows(
            IllegalArgumentException.class,
            () -> f.create(defaults(), Fixtures.stateEnv(10, 4, 1), 1));
    assertTrue(state.getMessage().startsWith("policy 'cnn' needs camera images"), state.getMessage());
    CnnConfig wrist =
        new CnnConfig(List.of(8), 3, 2, 16, List.of(), 3, 1, true, true, true);
    var noWrist =
        assertThrows(
            IllegalArgumentException.class,
            () -> f.create(wrist, Fixtures.imageEnv(8, 0, false, 1, 2, 1), 1));
    assertTrue(noWrist.getMessage().contains("wrist"), noWrist.getMessage());
    CnnConfig chunk3 = new CnnConfig(List.of(8), 3, 2, 16, List.of(), 3, 3, true, true, false);
    assertThrows(
        IllegalArgumentException.class,
        () -> f.create(chunk3, Fixtures.imageEnv(8, 0, false, 1, 2, 2), 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> f.create(new MlpConfig(List.of(), 3, 1), Fixtures.imageEnv(8, 0, false, 1, 2, 2), 1));
    try (Policy p = f.create(wrist, Fixtures.imageEnv(8, 0, true, 1, 2, 1), 1)) {
      assertEquals(2, p.actionDim());
    }
  }

  @Test
  void configValidation() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new CnnConfig(List.of(), 3, 2, 16, List.of(), 3, 1, true, true, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CnnConfig(List.of(8), 0, 2, 16, List.of(), 3, 1, true, true, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CnnConfig(List.of(8), 3, 0, 16, List.of(), 3, 1, true, true, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CnnConfig(List.of(8), 3, 2, 0, List.of(), 3, 1, true, true, false));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CnnConfig(List.of(8), 3, 2, 16, List.of(), 4, 1, true, true, false));
  }
}
