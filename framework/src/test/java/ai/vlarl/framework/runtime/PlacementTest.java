package ai.vlarl.framework.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.config.ConfigException;
import ai.vlarl.framework.core.UserException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Placement modes as RLinf defines them, and devices checked against the machine. */
class PlacementTest {
  static final List<String> TWO_GPUS = List.of("cpu", "cuda:0", "cuda:1");

  static String error(String mode, String env, String rollout, String learner, List<String> devices) {
    return assertThrows(UserException.class, () -> Placement.validate(mode, env, rollout, learner, devices))
        .getMessage();
  }

  @Test
  void anAbsentDeviceNamesTheKeyAndTheDevicesThere() {
    String m = error("collocated", "cpu", "cuda:0", "cpu", List.of("cpu"));
    assertEquals("placement.rollout=cuda:0: no such device on this machine (available: cpu)", m);
    m = error("hybrid", "cpu", "cuda:0", "cuda:2", TWO_GPUS);
    assertEquals("placement.learner=cuda:2: no such device on this machine (available: cpu, cuda:0, cuda:1)", m);
  }

  @Test
  void eachModeHasItsRules() {
    assertDoesNotThrow(() -> Placement.validate("collocated", "cpu", "cpu", "cpu", List.of("cpu")));
    assertDoesNotThrow(() -> Placement.validate("collocated", "cuda:1", "cuda:1", "cuda:1", TWO_GPUS));
    assertTrue(error("collocated", "cpu", "cuda:0", "cuda:0", TWO_GPUS).contains("one device"));
    // disaggregated: a device each; a CPU simulator may stay on the host
    assertDoesNotThrow(() -> Placement.validate("disaggregated", "cpu", "cuda:0", "cuda:1", TWO_GPUS));
    assertTrue(error("disaggregated", "cpu", "cuda:0", "cuda:0", TWO_GPUS).contains("a device per component"));
    assertTrue(error("disaggregated", "cuda:0", "cuda:0", "cuda:1", TWO_GPUS).contains("a device per component"));
    assertTrue(error("disaggregated", "cpu", "cpu", "cpu", List.of("cpu")).contains("a device per component"));
    // hybrid: env and rollout apart (they pipeline), learner time-shares one of their devices
    assertDoesNotThrow(() -> Placement.validate("hybrid", "cpu", "cuda:0", "cuda:0", TWO_GPUS));
    assertDoesNotThrow(() -> Placement.validate("hybrid", "cuda:0", "cuda:1", "cuda:0", TWO_GPUS));
    assertTrue(error("hybrid", "cuda:0", "cuda:0", "cuda:1", TWO_GPUS).contains("different devices"));
    assertTrue(error("hybrid", "cpu", "cuda:0", "cuda:1", TWO_GPUS).contains("time-shares"));
  }

  @Test
  void aRunIsToldWhenItsDevicesAreNotTheOnesItComputesOn() {
    assertEquals("cpu", Placement.computeDevice(List.of("cpu")));
    assertEquals("cuda:0", Placement.computeDevice(TWO_GPUS));
    assertEquals(null, Placement.notApplied(PlacementConfig.defaults(), "cpu"));
    assertEquals("placement.rollout=cuda:0 placement.learner=cuda:1 are checked but not applied by this "
        + "version: rollout inference and the learner run on cpu (DJL's default device)",
        Placement.notApplied("cuda:0", "cuda:1", "cpu"));
    assertTrue(Placement.notApplied(PlacementConfig.defaults(), "cuda:0").contains("run on cuda:0"));
  }

  @Test
  void theConfigIsCheckedWhenItLoads() {
    ConfigBinder binder = new ConfigBinder((s, k) -> {
      throw new IllegalStateException();
    });
    PlacementConfig ok = binder.bind(PlacementConfig.class, Map.of());
    assertEquals(PlacementConfig.defaults(), ok);
    // this machine's devices decide; a cuda device that is absent is refused at load time
    String absent = "cuda:" + (Placement.availableDevices().size() - 1);
    ConfigException e = assertThrows(ConfigException.class, () -> binder.bind(PlacementConfig.class,
        Map.of("mode", "hybrid", "rollout", absent, "learner", absent)));
    assertTrue(e.getMessage().contains("placement.rollout=" + absent + ": no such device"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> binder.bind(PlacementConfig.class, Map.of("env", "gpu0")));
    assertTrue(e.getMessage().contains("env: 'gpu0' is not a device (cpu or cuda:N)"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> binder.bind(PlacementConfig.class, Map.of("mode", "split")));
    assertTrue(e.getMessage().contains("'split' is not collocated, disaggregated or hybrid"), e.getMessage());
  }

  @Test
  void rolloutConfigChecksStagesAndServers() {
    ConfigBinder binder = new ConfigBinder((s, k) -> {
      throw new IllegalStateException();
    });
    assertEquals(RolloutConfig.defaults(), binder.bind(RolloutConfig.class, Map.of()));
    ConfigException e = assertThrows(ConfigException.class,
        () -> binder.bind(RolloutConfig.class, Map.of("pipeline_stages", 2, "env_servers", 3)));
    assertTrue(e.getMessage().contains("env_servers (3) must be a multiple of pipeline_stages (2)"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> binder.bind(RolloutConfig.class, Map.of("pipeline_stages", 0)));
    assertTrue(e.getMessage().contains("pipeline_stages must be at least 1"), e.getMessage());
  }
}
