package ai.vlarl.framework.rl;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.EpisodeStats;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.policy.PolicyStep;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * PPO's collection with partial resets off ({@code algo.partial_resets: false}, ManiSkill3's
 * {@code partial_reset=False}): a sub-env whose episode ended waits, and all N sub-envs are reset
 * together, from fresh seeds drawn from the sampling generator, once the last episode of the round
 * has ended. Rounds may span rollouts.
 *
 * <p>While waiting, a sub-env is still stepped (a {@link VectorEnv} steps all sub-envs; it runs its
 * auto-reset episode) but those decisions are marked invalid in the rollout and those episodes are
 * never reported; env steps count them (the simulator executed them). Bootstrapping is as in the
 * standard collection: 0 after a termination, V(final observation) after a truncation, V(next
 * observation) at the rollout's end. For the ManiSkill3 protocol, run the env with terminations
 * ignored, so every episode of a round runs to the horizon and no sub-env waits.
 *
 * <p>Which sub-envs wait is not checkpointed: a resumed run starts a new round with every sub-env
 * counted as running.
 */
public final class LockstepCollector implements ExperienceCollector {
  private final VectorEnv env;
  private final Policy policy;
  private final Rollout rollout;
  private final boolean[] waiting;
  private final int n;
  private Observations current;

  public LockstepCollector(VectorEnv env, Policy policy, int rolloutSteps) {
    this.env = env;
    this.policy = policy;
    this.n = env.spec().numEnvs();
    this.rollout = new Rollout(rolloutSteps, n, policy.chunk(), policy.actionDim());
    this.waiting = new boolean[n];
    this.current = env.observe();
  }

  @Override
  public Batch collect(Rng rng, Consumer<EpisodeStats> finished) {
    rollout.clear();
    long steps = 0;
    PolicyStep step = policy.act(current, false, rng);
    for (int t = 0; t < rollout.steps(); t++) {
      rollout.addDecision(current, step);
      StepResult r = env.step(step.actions());
      boolean[] valid = new boolean[n];
      boolean[] done = new boolean[n];
      float[] nextValue = new float[n];
      for (int i = 0; i < n; i++) {
        valid[i] = !waiting[i];
        steps += r.steps()[i];
      }
      float[] finalValues = truncatedValues(r);
      for (int k = 0; k < r.doneEnvs().length; k++) {
        int i = r.doneEnvs()[k];
        if (!waiting[i]) {
          done[i] = true;
          nextValue[i] = r.truncated()[i] ? finalValues[k] : 0f;
          waiting[i] = true;
          finished.accept(r.episodes()[k]);
        }
      }
      rollout.addOutcome(r.reward(), done, r.terminated(), nextValue, valid);
      current = r.observations();
      if (allWaiting()) {
        current = env.reset(freshSeeds(rng));
        Arrays.fill(waiting, false);
      }
      if (t + 1 < rollout.steps()) {
        step = policy.act(current, false, rng);
        rollout.setNextValuesOfContinuing(step.value());
      }
    }
    rollout.setNextValuesOfContinuing(policy.value(current));
    return new Batch(rollout, steps);
  }

  private boolean allWaiting() {
    for (boolean w : waiting) {
      if (!w) {
        return false;
      }
    }
    return true;
  }

  private long[] freshSeeds(Rng rng) {
    long[] seeds = new long[n];
    for (int i = 0; i < n; i++) {
      seeds[i] = rng.nextLong();
    }
    return seeds;
  }

  /** V(final observation) of each done sub-env that was running and got truncated, else 0. */
  private float[] truncatedValues(StepResult r) {
    for (int i : r.doneEnvs()) {
      if (r.truncated()[i] && !waiting[i]) {
        return policy.value(r.finalObservations());
      }
    }
    return new float[r.doneEnvs().length];
  }

  /** Which sub-envs wait for the round to end (for tests). */
  boolean[] waiting() {
    return waiting.clone();
  }
}
