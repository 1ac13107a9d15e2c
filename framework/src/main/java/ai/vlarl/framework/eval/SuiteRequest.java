package ai.vlarl.framework.eval;

import ai.vlarl.framework.run.ExperimentConfig;
import ai.vlarl.framework.run.Plugins;

/**
 * What a suite is asked to plan.
 *
 * @param name the suite name as requested, e.g. {@code tabletop} or {@code maniskill:PickCube-v1}
 * @param argument the part after the colon for parameterized suites, else empty
 * @param plugins the assembly's plugins (env kinds, for suites that create envs by kind)
 * @param trained the experiment config the checkpoint was trained with
 * @param episodesPerTask episodes per task; 0 takes the suite's standard number
 * @param seed the evaluation seed (initial conditions and, when sampling, actions)
 * @param numEnvs sub-envs run side by side; 0 takes the suite's default
 */
public record SuiteRequest(
    String name,
    String argument,
    Plugins plugins,
    ExperimentConfig trained,
    int episodesPerTask,
    long seed,
    int numEnvs) {

  public SuiteRequest {
    if (episodesPerTask < 0 || numEnvs < 0) {
      throw new IllegalArgumentException("episodes per task and sub-envs must not be negative");
    }
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
