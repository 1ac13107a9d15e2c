package ai.vlarl.experiments.eval;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.eval.EvalSuite;
import ai.vlarl.framework.eval.SuitePlan;
import ai.vlarl.framework.eval.SuiteRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code maniskill:<env-id>}: a ManiSkill3 task through the sim bridge ({@code vlarl_bridge.server
 * --backend maniskill}) with ManiSkill's evaluation protocol: terminations ignored (every episode
 * runs to the task's horizon), reconfiguration at every reset, per-sub-env seeding; reports {@code
 * success_once} and {@code success_at_end}. Episode k starts from seed {@code derive(seed,
 * "maniskill-eval/" + id) + k}. Observations follow the checkpoint (state, or rgb at its image
 * size); the simulation and render backends are the server's defaults unless given with {@code
 * --server-arg} (e.g. {@code --sim-backend physx_cpu --render-backend none} without a GPU).
 */
public final class ManiSkillSuite implements EvalSuite {
  /** Episodes by default. */
  public static final int EPISODES = 100;
  /** Default sub-envs. */
  public static final int NUM_ENVS = 16;

  @Override
  public String description() {
    return "a ManiSkill3 task over the sim bridge (terminations ignored; success_once and success_at_end)";
  }

  @Override
  public boolean parameterized() {
    return true;
  }

  @Override
  public String argumentName() {
    return "<env-id>";
  }

  @Override
  public SuitePlan plan(SuiteRequest request) {
    String id = request.argument();
    if (!request.tasks().isEmpty()) {
      throw new UserException("maniskill:" + id + " has one task; drop --task");
    }
    int episodes = request.episodesOr(EPISODES);
    int n = Math.min(episodes, request.numEnvsOr(NUM_ENVS));
    EnvSpec trained = request.trainedSpec();
    List<String> args = new ArrayList<>(List.of("--backend", "maniskill", "--env-id", id,
        "--num-envs", Integer.toString(n), "--ignore-terminations", "--reconfiguration-freq", "1",
        "--reset-mode", "per_env"));
    if (trained.observation().hasImage()) {
      args.addAll(List.of("--obs-mode", "rgb", "--image-size",
          Integer.toString(trained.observation().imageHeight())));
    } else {
      args.addAll(List.of("--obs-mode", "state"));
    }
    args.addAll(request.serverArgs());
    BridgeServer server = new BridgeServer(request.server(), args);
    long base = Rng.derive(request.seed(), "maniskill-eval/" + id).nextLong();
    String obs = trained.observation().hasImage() ? "rgb" : "state";
    BridgeTask task = new BridgeTask(server, id, 0, episodes, n, 0, (spec, k) -> base + k, null,
        "maniskill[" + id + "," + obs + "]");
    Map<String, Object> protocol = new LinkedHashMap<>();
    protocol.put("episodes_per_task", episodes);
    protocol.put("ignore_terminations", true);
    protocol.put("reconfiguration_freq", 1);
    protocol.put("num_envs", n);
    protocol.put("server", request.server().isEmpty() ? "started: " + server.describe() : request.server());
    return new SuitePlan(description(), true, 0, List.of(), protocol, List.of(task), server);
  }
}
