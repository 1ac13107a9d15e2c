package ai.vlarl.experiments.eval;

import ai.vlarl.envs.tabletop.Split;
import ai.vlarl.envs.tabletop.TabletopConfig;
import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.eval.EvalSuite;
import ai.vlarl.framework.eval.EvalTask;
import ai.vlarl.framework.eval.SuitePlan;
import ai.vlarl.framework.eval.SuiteRequest;
import ai.vlarl.framework.run.ExperimentConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded tabletop suites: each task the checkpoint was trained on (reach, push, pick-place),
 * {@link #EPISODES} episodes each by default, in the checkpoint's own env settings (observation
 * mode, image size, distractors, horizons, termination) and the suite's {@link Split}: {@code
 * tabletop} is the training distribution, {@code tabletop-ood-vision}, {@code
 * tabletop-ood-semantic} and {@code tabletop-ood-execution} the out-of-distribution splits.
 * Episode k of task t starts from seed {@code derive(seed, "tabletop-eval/" + t) + k} whatever the
 * split, so the vision split shows the training layouts of the same seeds under other looks and
 * the semantic split the same layouts with other target colors and phrasings.
 *
 * <p>What a split can change for a policy depends on what it observes: a state-vector policy sees
 * neither colors nor instructions, so the vision and semantic splits give it exactly the
 * observations (and results) of the training distribution; they test image and language policies.
 */
public final class TabletopSuite implements EvalSuite {
  /** Standard episodes per task. */
  public static final int EPISODES = 100;
  /** Default sub-envs per task (at most the checkpoint's {@code eval.num_envs}). */
  public static final int NUM_ENVS = 50;

  private final Split split;
  private final String description;

  /**
   * @param split the episode distribution
   * @param description one line about the suite
   */
  public TabletopSuite(Split split, String description) {
    this.split = split;
    this.description = description;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public SuitePlan plan(SuiteRequest request) {
    ExperimentConfig trained = request.trained();
    TabletopConfig base = trained.env().settings() instanceof TabletopConfig t ? t : TabletopConfig.defaults();
    int episodes = request.episodesOr(EPISODES);
    int numEnvs = Math.min(episodes, request.numEnvsOr(Math.min(NUM_ENVS, trained.eval().num_envs())));
    if (!request.server().isEmpty() || !request.serverArgs().isEmpty()) {
      throw new UserException("the tabletop suites run in process; --server and --server-arg are for"
          + " bridge suites");
    }
    for (String t : request.tasks()) {
      if (!base.tasks().contains(t)) {
        throw new UserException("--task " + t + ": the checkpoint was trained on " + base.tasks());
      }
    }
    List<EvalTask> tasks = new ArrayList<>();
    for (String task : base.tasks()) {
      if (!request.tasks().isEmpty() && !request.tasks().contains(task)) {
        continue;
      }
      TabletopConfig cfg = with(base, Map.of("tasks", List.of(task), "num_envs", numEnvs, "split",
          split.word()));
      long seed0 = Rng.derive(request.seed(), "tabletop-eval/" + task).nextLong();
      tasks.add(new TabletopTask(task, cfg, episodes, numEnvs, seed0));
    }
    Map<String, Object> protocol = new LinkedHashMap<>();
    protocol.put("split", split.word());
    protocol.put("episodes_per_task", episodes);
    protocol.put("num_envs", numEnvs);
    protocol.put("obs_mode", base.obs_mode());
    protocol.put("terminate_on_success", base.terminate_on_success());
    return new SuitePlan(description, base.eval_ignore_terminations(), 4,
        List.of("dx", "dy", "dz", "gripper"), protocol, tasks);
  }

  /** {@code cfg} with some keys replaced. */
  static TabletopConfig with(TabletopConfig cfg, Map<String, Object> changes) {
    Map<String, Object> tree = new LinkedHashMap<>(ConfigBinder.toTree(cfg));
    tree.putAll(changes);
    return TabletopConfig.of(tree);
  }
}
