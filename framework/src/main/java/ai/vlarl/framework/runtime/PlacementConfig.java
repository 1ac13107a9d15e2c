package ai.vlarl.framework.runtime;

import ai.vlarl.framework.config.Doc;

/**
 * Where the runtime's components run ({@code placement.*}), in RLinf's terms: {@code collocated}
 * (env, rollout and learner share one device and take turns), {@code disaggregated} (each on a
 * device of its own, so they can work at the same time; a CPU simulator may sit on the host) and
 * {@code hybrid} (env and rollout on different devices so that they pipeline, the learner
 * time-sharing the device of one of them). Checked when the config loads: the mode's rules and
 * that the devices exist here ({@link Placement#validate}).
 *
 * <p>Not applied yet: rollout inference and the learner compute on DJL's default device ({@code
 * cuda:0} when a GPU is visible, else {@code cpu}; {@link Placement#computeDevice}), whatever these
 * keys say, and a run whose keys name other devices says so when it starts ({@link
 * Placement#notApplied}). The simulator's device is its own (the tabletop env's Java on the host; a
 * bridged simulator's as its server was started).
 */
public record PlacementConfig(
    @Doc(value = "collocated | disaggregated | hybrid", dflt = "collocated") String mode,
    @Doc(value = "device of the simulator: cpu or cuda:N", dflt = "cpu") String env,
    @Doc(value = "device of rollout inference: cpu or cuda:N (checked, not applied yet: inference runs on "
        + "DJL's default device)", dflt = "cpu") String rollout,
    @Doc(value = "device of the learner: cpu or cuda:N (checked, not applied yet: the learner runs on "
        + "DJL's default device)", dflt = "cpu") String learner) {

  public PlacementConfig {
    for (String[] kv : new String[][] {{"env", env}, {"rollout", rollout}, {"learner", learner}}) {
      if (kv[1] == null || !kv[1].matches("cpu|cuda:\\d+")) {
        throw new IllegalArgumentException(kv[0] + ": '" + kv[1] + "' is not a device (cpu or cuda:N)");
      }
    }
    if (!java.util.List.of("collocated", "disaggregated", "hybrid").contains(mode)) {
      throw new IllegalArgumentException("mode: '" + mode + "' is not collocated, disaggregated or hybrid");
    }
    Placement.validate(mode, env, rollout, learner, Placement.availableDevices());
  }

  /** Everything on the CPU, collocated. */
  public static PlacementConfig defaults() {
    return new PlacementConfig("collocated", "cpu", "cpu", "cpu");
  }
}
