package ai.vlarl.framework.eval;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.run.CheckpointedPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a planned suite with a checkpointed policy, task after task, and assembles the {@link
 * SuiteReport}. The policy acts greedily unless the checkpoint's {@code eval.greedy} says
 * otherwise (then each task samples from its own stream derived from the seed).
 */
public final class SuiteEvaluator {
  private SuiteEvaluator() {}

  /**
   * What an evaluation produced.
   *
   * @param report the deterministic report
   * @param videos the recorded episodes, by task then episode
   * @param seconds wall-clock time of the evaluation (kept out of the report)
   */
  public record Result(SuiteReport report, List<Video> videos, double seconds) {}

  /**
   * Runs the plan's tasks, then closes the plan (its shared resources).
   *
   * @param suite the suite's name, for the report and errors
   * @param videosPerTask episodes to record per task (the first ones)
   * @param listener told about every finished episode (progress), or null
   */
  public static Result run(String suite, SuitePlan plan, CheckpointedPolicy policy, long seed,
      int videosPerTask, EpisodeLoop.Listener listener) {
    try (plan) {
      return runTasks(suite, plan, policy, seed, videosPerTask, listener);
    }
  }

  private static Result runTasks(String suite, SuitePlan plan, CheckpointedPolicy policy, long seed,
      int videosPerTask, EpisodeLoop.Listener listener) {
    String where = "suite " + suite;
    if (plan.actionDim() > 0) {
      policy.requireActions(plan.actionDim(), plan.actionNames(), where);
    }
    boolean greedy = policy.config().eval().greedy();
    long t0 = System.nanoTime();
    List<TaskResult> results = new ArrayList<>();
    List<Video> videos = new ArrayList<>();
    for (EvalTask task : plan.tasks()) {
      try (EvalEnv env = task.open(videosPerTask > 0)) {
        policy.requireFits(env.env().spec(), where + " (task " + task.name() + ")");
        Rng rng = Rng.derive(seed, "eval-sampling/" + task.name());
        EpisodeLoop.Outcome o = EpisodeLoop.run(task, env, policy.policy(), greedy, rng,
            videosPerTask, listener);
        results.add(o.result());
        videos.addAll(o.videos());
      }
    }
    Map<String, Object> protocol = new LinkedHashMap<>(plan.protocol());
    protocol.put("greedy", greedy);
    SuiteReport report = new SuiteReport(suite, plan.description(),
        policy.checkpoint().toAbsolutePath().normalize().toString(), seed, plan.atEnd(), protocol,
        results);
    return new Result(report, videos, (System.nanoTime() - t0) / 1e9);
  }

  /** Total episodes of a plan (for progress). */
  public static int episodes(SuitePlan plan) {
    return plan.tasks().stream().mapToInt(EvalTask::episodes).sum();
  }
}
