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
 * @param resources what the tasks share and the evaluation closes at its end (e.g. a simulator
 *     server the suite started), or null
 */
public record SuitePlan(
    String description,
    boolean atEnd,
    int actionDim,
    List<String> actionNames,
    Map<String, Object> protocol,
    List<EvalTask> tasks,
    AutoCloseable resources) implements AutoCloseable {

  public SuitePlan {
    actionNames = List.copyOf(actionNames);
    protocol = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(protocol));
    tasks = List.copyOf(tasks);
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("a suite plan needs at least one task");
    }
  }

  /** A plan without shared resources. */
  public SuitePlan(String description, boolean atEnd, int actionDim, List<String> actionNames,
      Map<String, Object> protocol, List<EvalTask> tasks) {
    this(description, atEnd, actionDim, actionNames, protocol, tasks, null);
  }

  /** Closes the shared resources. */
  @Override
  public void close() {
    if (resources != null) {
      try {
        resources.close();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("cannot close the resources of the suite plan", e);
      }
    }
  }
}
