package ai.vlarl.drivers.control;

import ai.vlarl.drivers.ArmState;

/**
 * Where actions come from: a policy behind its observation pipeline (cameras, proprio,
 * instruction). The control loop calls it at action-step boundaries, on an inference thread.
 */
@FunctionalInterface
public interface ActionSource {
  /**
   * Decides an action chunk for the current moment.
   *
   * @param state the arm's latest state (for proprio)
   * @return {@code [chunk][dim]} actions in [-1, 1]; element 0 is for the step about to start
   */
  float[][] decide(ArmState state);
}
