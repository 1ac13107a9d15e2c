package ai.vlarl.framework.eval;

import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.run.ExperimentConfig;
import ai.vlarl.framework.run.Plugins;

/**
 * What a suite is asked to plan.
 *
 * @param name the suite name as requested, e.g. {@code tabletop} or {@code maniskill:PickCube-v1}
 * @param argument the part after the colon for parameterized suites, else empty
 * @param plugins the assembly's plugins (env kinds, for suites that create envs by kind)
 * @param trained the experiment config the checkpoint was trained with
 * @param trainedSpec the spec of the env it was trained in (observation layout, action space)
 * @param episodesPerTask episodes per task; 0 takes the suite's standard number
 * @param seed the evaluation seed (initial conditions and, when sampling, actions)
 * @param numEnvs sub-envs run side by side; 0 takes the suite's default
 * @param tasks the tasks to run (names, or indices for suites whose names come from a server);
 *     empty for all
 * @param server for suites served over the sim bridge: the endpoint of a running server; empty
 *     to let the suite start its own
 * @param serverArgs extra arguments for a server the suite starts (e.g. ManiSkill's simulation
 *     and render backends)
 */
public record SuiteRequest(
    String name,
    String argument,
    Plugins plugins,
    ExperimentConfig trained,
    EnvSpec trainedSpec,
    int episodesPerTask,
    long seed,
    int numEnvs,
    java.util.List<String> tasks,
    String server,
    java.util.List<String> serverArgs) {

  public SuiteRequest {
    if (episodesPerTask < 0 || numEnvs < 0) {
      throw new IllegalArgumentException("episodes per task and sub-envs must not be negative");
    }
    server = server == null ? "" : server;
    tasks = tasks == null ? java.util.List.of() : java.util.List.copyOf(tasks);
    serverArgs = serverArgs == null ? java.util.List.of() : java.util.List.copyOf(serverArgs);
  }

  /** {@link #episodesPerTask} or, when 0, {@code standard}. */
  public int episodesOr(int standard) {
    return episodesPerTask > 0 ? episodesPerTask : standard;
  }

  /** {@link #numEnvs} or, when 0, {@code fallback}. */
  public int numEnvsOr(int fallback) {
    return numEnvs > 0 ? numEnvs : fallback;
  }
}
