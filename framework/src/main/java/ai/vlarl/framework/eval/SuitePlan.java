package ai.vlarl.framework.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A planned suite evaluation.
 *
 * @param description one line about the suite
 * @param atEnd whether success at the end of the episode is a headline metric (ManiSkill3's
 *     protocol: episodes run to their horizon, both {@code success_once} and {@code
 *     success_at_end} are reported)
 * @param actionDim the action dimensions the suite's envs take, known before any env is opened;
 *     0 when only the opened env's spec tells
 * @param actionNames the names of those dimensions (empty when {@code actionDim} is 0)
 * @param protocol the suite's settings for the report (episodes per task, split, max steps, ...)
 * @param tasks the tasks, in report order
 */
public record SuitePlan(
    String description,
    boolean atEnd,
    int actionDim,
    List<String> actionNames,
    Map<String, Object> protocol,
    List<EvalTask> tasks) {

  public SuitePlan {
    actionNames = List.copyOf(actionNames);
    protocol = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(protocol));
    tasks = List.copyOf(tasks);
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("a suite plan needs at least one task");
    }
  }
}
