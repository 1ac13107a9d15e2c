package ai.vlarl.simbridge.bench;

import ai.vlarl.framework.config.Doc;

/**
 * The {@code controlled} env kind: a simulator whose step costs a set time, for pipeline
 * benchmarks ({@code vlarl bench pipeline}).
 *
 * @param num_envs sub-envs N
 * @param step_us cost of one sub-env's step in microseconds (a step of N sub-envs costs N times it)
 * @param busy burn the CPU for the cost (a CPU simulator); false: sleep (a simulator waiting on an
 *     accelerator)
 * @param state_dim observation size
 * @param horizon episode length in steps
 */
public record ControlledConfig(
    @Doc(value = "number of sub-envs N", dflt = "16") int num_envs,
    @Doc(value = "cost of one sub-env step, microseconds (a step of N costs N times it)", dflt = "1000") int step_us,
    @Doc(value = "burn the CPU for the cost (true) or sleep (false: a simulator waiting on a GPU)", dflt = "true")
        boolean busy,
    @Doc(value = "state observation size", dflt = "32") int state_dim,
    @Doc(value = "episode length in steps", dflt = "200") int horizon) {

  public ControlledConfig {
    if (num_envs < 1 || step_us < 0 || state_dim < 1 || horizon < 1) {
      throw new IllegalArgumentException("num_envs, state_dim and horizon must be positive and step_us >= 0");
    }
  }
}
