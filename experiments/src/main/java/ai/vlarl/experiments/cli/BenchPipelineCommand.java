package ai.vlarl.experiments.cli;

import ai.vlarl.experiments.Assembly;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.run.ExperimentConfig;
import ai.vlarl.framework.run.Plugins;
import ai.vlarl.simbridge.bench.PipelineBenchmark;
import ai.vlarl.simbridge.launch.SimServerProcesses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vlarl bench pipeline}: pipelined rollout throughput, the simulator out of process. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = {
      "Rollout steps/s with k = 1, 2, 4 pipeline stages (k serve-sim processes, the policy here).",
      "Each process serves N/k sub-envs over the ZeroMQ bridge. Rows: sim (controlled: set sim and",
      "inference costs, balanced; tabletop: the rgb tabletop suite with the tiny VLA), stages, t_sim_ms,",
      "t_infer_ms, steps_per_s, speedup (over k = 1 in this run), ideal ((T_sim+T_infer)/max)."
    })
final class BenchPipelineCommand implements Callable<Integer> {
  @Option(names = "--sim", defaultValue = "all", description = "controlled, tabletop or all (default: ${DEFAULT-VALUE})")
  String sim;

  @Option(names = "--seconds", defaultValue = "4", description = "measuring time per row (default: ${DEFAULT-VALUE})")
  double seconds;

  @Option(names = "--stages", split = ",", defaultValue = "1,2,4", description = "k values (default: ${DEFAULT-VALUE})")
  int[] stages;

  @Option(names = "--envs", defaultValue = "16", description = "sub-envs N (default: ${DEFAULT-VALUE})")
  int envs;

  @Option(names = "--cost-ms", defaultValue = "160",
      description = "controlled: sim and inference cost of one decision of N sub-envs, ms (default: ${DEFAULT-VALUE})")
  double costMs;

  @Option(names = "--sleep-sim",
      description = "controlled: the sim sleeps for its cost (a GPU simulator) instead of burning a core")
  boolean sleepSim;

  @Override
  public Integer call() {
    BenchCommand.positiveSeconds(seconds);
    if (envs < 1) {
      throw new UserException("--envs must be at least 1, got " + envs);
    }
    if (!(costMs >= 0) || Double.isInfinite(costMs)) {
      throw new UserException("--cost-ms must be a cost of 0 ms or more, got " + costMs);
    }
    for (int k : stages) {
      if (k < 1 || envs % k != 0) {
        throw new UserException("--stages " + k + " must divide --envs " + envs);
      }
    }
    if (!List.of("all", "controlled", "tabletop").contains(sim)) {
      throw new UserException("--sim must be controlled, tabletop or all, got '" + sim + "'");
    }
    SimServerProcesses launcher = new SimServerProcesses();
    List<Map<String, Object>> rows = new ArrayList<>();
    if (!sim.equals("tabletop")) {
      rows.addAll(PipelineBenchmark.run(PipelineBenchmark.controlled(envs, costMs, !sleepSim), stages, seconds,
          launcher));
      BenchCommand.print(rows);
    }
    if (!sim.equals("controlled")) {
      List<Map<String, Object>> t = PipelineBenchmark.run(tabletop(), stages, seconds, launcher);
      BenchCommand.print(t);
    }
    return 0;
  }

  /** The rgb tabletop suite (64 px, all tasks) with the tiny VLA (parallel chunk decoding, chunk 4). */
  private PipelineBenchmark.Case tabletop() {
    Plugins plugins = new Assembly().plugins();
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("env", new LinkedHashMap<>(Map.of("kind", "tabletop", "tasks", List.of("reach", "push", "pick-place"),
        "obs_mode", "rgb", "image_size", 64, "num_envs", envs)));
    tree.put("policy", new LinkedHashMap<>(Map.of("kind", "vla", "size", "tiny", "decoding", "parallel",
        "chunk", 4, "proprio", true)));
    ExperimentConfig cfg = plugins.binder().bind(ExperimentConfig.class, tree);
    return new PipelineBenchmark.Case("tabletop", cfg.env(), envs,
        spec -> plugins.policies().get("vla").create(cfg.policy().settings(), spec, 1), 8, Double.NaN, Double.NaN);
  }
}
