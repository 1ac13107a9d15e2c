package ai.vlarl.framework.run;

import java.util.Map;

/**
 * Observes a training run. Logging, progress, checkpoints and plots are listeners, so the loop in
 * {@link Trainer} stays free of them.
 */
public interface TrainListener {

  /** Called once before the first iteration (also when resuming). */
  default void onStart(RunContext run) {}

  /**
   * Called after every iteration.
   *
   * @param metrics this iteration's metrics in a fixed key order (see {@link Trainer})
   */
  default void onIteration(RunContext run, Map<String, Double> metrics) {}

  /** Called once after training and the final evaluation. */
  default void onEnd(RunContext run, Map<String, Object> summary) {}
}
