package ai.vlarl.framework.eval;

import java.util.List;
import java.util.Map;

/**
 * The result of evaluating one checkpoint on one suite: what was run (the protocol) and each
 * task's {@link TaskResult}. Holds nothing that depends on the machine or the clock, so the same
 * checkpoint and seed give an equal report.
 *
 * @param suite the suite's name, e.g. {@code tabletop-ood-vision}
 * @param description one line about the suite
 * @param checkpoint the evaluated checkpoint (as given, normalized)
 * @param seed the evaluation seed
 * @param atEnd whether the suite's headline includes success at the end of the episode
 *     (ManiSkill3's protocol, where episodes run to their horizon)
 * @param protocol suite-specific settings, in a fixed order (episodes per task, split, max steps,
 *     ...)
 * @param tasks the tasks' results, in the suite's task order
 */
public record SuiteReport(
    String suite,
    String description,
    String checkpoint,
    long seed,
    boolean atEnd,
    Map<String, Object> protocol,
    List<TaskResult> tasks) {

  public SuiteReport {
    protocol = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(protocol));
    tasks = List.copyOf(tasks);
  }

  /** The mean over tasks of the task success rates (each task weighs the same). */
  public double meanSuccessRate() {
    return tasks.stream().mapToDouble(TaskResult::successRate).average().orElse(Double.NaN);
  }

  /** The mean over tasks of the success-at-end rates. */
  public double meanSuccessAtEndRate() {
    return tasks.stream().mapToDouble(TaskResult::successAtEndRate).average().orElse(Double.NaN);
  }

  /** Episodes over all tasks. */
  public int episodes() {
    return tasks.stream().mapToInt(TaskResult::episodes).sum();
  }

  /** Successes over all tasks. */
  public int successes() {
    return tasks.stream().mapToInt(TaskResult::successes).sum();
  }
}
