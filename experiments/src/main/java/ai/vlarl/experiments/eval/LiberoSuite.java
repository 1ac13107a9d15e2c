package ai.vlarl.experiments.eval;

import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.eval.EvalSuite;
import ai.vlarl.framework.eval.EvalTask;
import ai.vlarl.framework.eval.SuitePlan;
import ai.vlarl.framework.eval.SuiteRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A LIBERO suite through the sim bridge ({@code vlarl_bridge.server --backend libero}) with the
 * standard protocol (OpenVLA's): {@link #TRIALS} trials per task, trial j from the task's fixed
 * initial state j, {@link #SETTLE_STEPS} no-op steps after each reset (run by the server, not
 * counted), the suite's max steps, success = the task's goal predicate ({@code done}).
 *
 * <p>The server serves all T tasks of the suite and maps an episode seed s to task {@code s mod T}
 * and initial state {@code (s div T) mod 50}, so trial j of task k has seed {@code k + T·j}
 * ({@code --task} only chooses which tasks run). Images are served at the
 * size the checkpoint was trained on (224 when it saw none; rendered at 256 and resized from 224
 * up, at their own size below), rotated as OpenVLA does.
 */
public final class LiberoSuite implements EvalSuite {
  /** Trials per task. */
  public static final int TRIALS = 50;
  /** No-op steps after each reset. */
  public static final int SETTLE_STEPS = 10;
  /** Default sub-envs (one LIBERO worker process each). */
  public static final int NUM_ENVS = 10;
  static final List<String> ACTIONS = List.of("dx", "dy", "dz", "drx", "dry", "drz", "gripper");

  private final String suite;
  private final int tasks;
  private final int maxSteps;

  /**
   * @param suite LIBERO's name, e.g. {@code libero_spatial}
   * @param tasks its number of tasks
   * @param maxSteps its max steps per episode
   */
  public LiberoSuite(String suite, int tasks, int maxSteps) {
    this.suite = suite;
    this.tasks = tasks;
    this.maxSteps = maxSteps;
  }

  @Override
  public String description() {
    return "LIBERO " + suite + " over the sim bridge: " + tasks + " tasks, " + TRIALS
        + " trials each from the fixed initial states, " + SETTLE_STEPS + " settle steps, max "
        + maxSteps + " steps";
  }

  @Override
  public SuitePlan plan(SuiteRequest request) {
    List<Integer> ids = taskIds(request.tasks());
    int trials = request.episodesOr(TRIALS);
    int n = Math.min(trials, request.numEnvsOr(NUM_ENVS));
    EnvSpec trained = request.trainedSpec();
    int image = trained.observation().hasImage() ? trained.observation().imageHeight() : 224;
    List<String> args = new ArrayList<>(List.of("--backend", "libero", "--suite", suite,
        "--num-envs", Integer.toString(n), "--image-size", Integer.toString(image),
        "--render-size", Integer.toString(renderSize(image)),
        "--settle-steps", Integer.toString(SETTLE_STEPS)));
    if (trained.observation().wristImage()) {
      args.add("--wrist");
    }
    args.addAll(request.serverArgs());
    BridgeServer server = new BridgeServer(request.server(), args);
    List<EvalTask> plan = new ArrayList<>();
    for (int k : ids) {
      // the server serves every task of the suite (task ids as in training); seeds pick task k
      plan.add(new BridgeTask(server, "task " + k, k, trials, n, 0,
          (spec, j) -> k + (long) spec.tasks().size() * j, null, "libero[" + suite + "]"));
    }
    Map<String, Object> protocol = new LinkedHashMap<>();
    protocol.put("trials_per_task", trials);
    protocol.put("initial_states", "trial j starts from the task's fixed initial state j");
    protocol.put("settle_steps", SETTLE_STEPS);
    protocol.put("max_steps", maxSteps);
    protocol.put("tasks", ids);
    protocol.put("num_envs", n);
    protocol.put("image_size", image);
    protocol.put("server", request.server().isEmpty() ? "started: " + server.describe() : request.server());
    return new SuitePlan(description(), false, ACTIONS.size(), ACTIONS, protocol, plan, server);
  }

  /** OpenVLA renders 256 px and resizes to 224; smaller images are rendered at their own size. */
  static int renderSize(int image) {
    return image >= 224 ? Math.max(image, 256) : image;
  }

  /** The task indices asked for (all when none). */
  private List<Integer> taskIds(List<String> asked) {
    List<Integer> ids = new ArrayList<>();
    for (String a : asked) {
      int id;
      try {
        id = Integer.parseInt(a.trim());
      } catch (NumberFormatException e) {
        throw new UserException("--task " + a + ": LIBERO tasks are chosen by index, 0 to " + (tasks - 1), e);
      }
      if (id < 0 || id >= tasks || ids.contains(id)) {
        throw new UserException("--task " + a + ": not a new task index of " + suite + " (0 to " + (tasks - 1) + ")");
      }
      ids.add(id);
    }
    if (ids.isEmpty()) {
      for (int k = 0; k < tasks; k++) {
        ids.add(k);
      }
    }
    return ids;
  }
}
