package ai.vlarl.framework.run;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.EpisodeStats;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.policy.PolicyStep;
import ai.vlarl.framework.rl.Rollout;

/**
 * Fills a {@link Rollout} by running the policy in the env: act, step, record, and work out the
 * bootstrap value of every decision (0 after termination, V(final observation) after truncation,
 * V(next observation) otherwise).
 */
public final class RolloutCollector {
  private final VectorEnv env;
  private final Policy policy;
  private Observations current;

  /** @param current the env's observations to continue from (after a reset or a restore) */
  public RolloutCollector(VectorEnv env, Policy policy, Observations current) {
    this.env = env;
    this.policy = policy;
    this.current = current;
  }

  /**
   * Runs {@code rollout.steps()} decisions.
   *
   * @param rng action sampling randomness
   * @param tally receives every episode that ends
   * @return env steps taken (sub-steps summed over sub-envs)
   */
  public long collect(Rollout rollout, Rng rng, EpisodeTally tally) {
    rollout.clear();
    int n = env.spec().numEnvs();
    long envSteps = 0;
    PolicyStep step = policy.act(current, false, rng);
    for (int t = 0; t < rollout.steps(); t++) {
      rollout.addDecision(current, step);
      StepResult r = env.step(step.actions());
      float[] nextValue = new float[n];
      boolean[] done = new boolean[n];
      if (r.doneEnvs().length > 0) {
        float[] finalValues = truncatedValues(r);
        for (int k = 0; k < r.doneEnvs().length; k++) {
          int i = r.doneEnvs()[k];
          done[i] = true;
          nextValue[i] = r.truncated()[i] ? finalValues[k] : 0f;
        }
        for (EpisodeStats e : r.episodes()) {
          tally.add(e);
        }
      }
      for (int s : r.steps()) {
        envSteps += s;
      }
      rollout.addOutcome(r.reward(), done, r.terminated(), nextValue);
      current = r.observations();
      if (t + 1 < rollout.steps()) {
        step = policy.act(current, false, rng);
        rollout.setNextValuesOfContinuing(step.value());
      }
    }
    rollout.setNextValuesOfContinuing(policy.value(current));
    return envSteps;
  }

  /** V(final observation) of each done sub-env (only truncated ones are used). */
  private float[] truncatedValues(StepResult r) {
    boolean anyTruncated = false;
    for (int i : r.doneEnvs()) {
      anyTruncated |= r.truncated()[i];
    }
    return anyTruncated ? policy.value(r.finalObservations()) : new float[r.doneEnvs().length];
  }

  public Observations current() {
    return current;
  }
}
