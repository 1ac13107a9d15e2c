package ai.vlarl.framework.env;

import java.util.List;

/**
 * Describes a vectorized environment.
 *
 * @param name the env kind and configuration, e.g. {@code tabletop[reach,push]}
 * @param numEnvs number of sub-envs N
 * @param observation what each sub-env observes
 * @param action the action space of each sub-env
 * @param tasks names of the tasks sub-envs can run (index = task id in {@link Observations})
 * @param horizons max episode steps of each task, same order as {@code tasks}
 */
public record EnvSpec(
    String name,
    int numEnvs,
    ObservationSpec observation,
    ActionSpec action,
    List<String> tasks,
    List<Integer> horizons) {
  public EnvSpec {
    tasks = List.copyOf(tasks);
    horizons = List.copyOf(horizons);
    if (numEnvs <= 0) {
      throw new IllegalArgumentException("numEnvs must be positive: " + numEnvs);
    }
    if (tasks.size() != horizons.size()) {
      throw new IllegalArgumentException("one horizon per task");
    }
  }

  /** The longest horizon over tasks. */
  public int maxHorizon() {
    return horizons.stream().mapToInt(Integer::intValue).max().orElse(0);
  }
}
