package ai.vlarl.framework.run;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.EnvServerLost;
import ai.vlarl.framework.env.EpisodeStats;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.policy.PolicyStep;
import ai.vlarl.framework.rl.Rollout;
import ai.vlarl.framework.runtime.BlockedInference;
import ai.vlarl.framework.runtime.PipelinedRollout;
import ai.vlarl.framework.runtime.StagedVectorEnv;
import ai.vlarl.framework.runtime.Timings;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a {@link Rollout} by running the policy in the env: act, step, record, and work out the
 * bootstrap value of every decision (0 after termination, V(final observation) after truncation,
 * V(next observation) otherwise).
 *
 * <p>When a remote env's server is lost mid-rollout ({@link EnvServerLost}), the partial rollout is
 * discarded (its decisions and the episodes it finished are dropped, never mixed with later
 * steps), every sub-env is reset from fresh seeds drawn from the sampling generator, and the
 * rollout is collected again from its start; after {@value #MAX_ENV_LOSSES} losses in one
 * collection the loss is rethrown.
 *
 * <p>When the env is a {@link StagedVectorEnv} of k &gt; 1 stages ({@code rollout.pipeline_stages}),
 * the rollout is collected by a {@link PipelinedRollout} (simulators stepping one stage while the
 * policy infers another); the rollout is the same. Env, inference and idle time go to the {@link
 * Timings} given.
 *
 * <p>Each step's result is handed back to the env ({@link VectorEnv#release}) as soon as its
 * observations are stored in the rollout and acted on (its final observations were valued when it
 * arrived), which lets a remote env receive the next reply into the same memory.
 */
public final class RolloutCollector {
  private static final Logger LOG = LoggerFactory.getLogger(RolloutCollector.class);
  /** Server losses one {@link #collect} call survives. */
  public static final int MAX_ENV_LOSSES = 3;
  private final VectorEnv env;
  private final BlockedInference policy;
  private final Timings timings;
  private Observations current;
  /** The result {@link #current} came from, released once current is stored (null: none to release). */
  private StepResult unreleased;

  /** @param current the env's observations to continue from (after a reset or a restore) */
  public RolloutCollector(VectorEnv env, Policy policy, Observations current) {
    this(env, policy, current, new Timings());
  }

  /** As above, adding the rollout's env, inference and idle time to {@code timings}. */
  public RolloutCollector(VectorEnv env, Policy policy, Observations current, Timings timings) {
    this(env, policy, current, timings, 0);
  }

  /**
   * As above, inferring in aligned blocks of {@code inferenceRows} sub-envs ({@code
   * rollout.inference_rows}; 0: one call per stage).
   */
  public RolloutCollector(VectorEnv env, Policy policy, Observations current, Timings timings,
      int inferenceRows) {
    this.env = env;
    this.policy = new BlockedInference(policy, inferenceRows, timings);
    this.current = current;
    this.timings = timings;
    if (inferenceRows > 0 && env instanceof StagedVectorEnv s) {
      int rows = s.spec().numEnvs() / s.stageCount();
      if (rows % inferenceRows != 0 || s.spec().numEnvs() % s.stageCount() != 0) {
        throw new ai.vlarl.framework.core.UserException("rollout.inference_rows=" + inferenceRows
            + " must divide the " + rows + " sub-envs of a pipeline stage");
      }
    }
  }

  /**
   * Runs {@code rollout.steps()} decisions.
   *
   * @param rng action sampling randomness
   * @param tally receives every episode that ends
   * @return env steps taken (sub-steps summed over sub-envs)
   */
  public long collect(Rollout rollout, Rng rng, EpisodeTally tally) {
    boolean restart = false;
    for (int losses = 0; ; losses++) {
      try {
        if (restart) {
          unreleased = null; // the lost server's reply: nothing to hand back
          current = env.reset(freshSeeds(rng, env.spec().numEnvs()));
        }
        List<EpisodeStats> finished = new ArrayList<>();
        long envSteps = collectOnce(rollout, rng, finished);
        finished.forEach(tally::add);
        return envSteps;
      } catch (EnvServerLost e) {
        if (losses >= MAX_ENV_LOSSES) {
          throw e;
        }
        LOG.warn("{}; discarding the partial rollout and restarting every episode", e.getMessage());
        restart = true;
      }
    }
  }

  private static long[] freshSeeds(Rng rng, int n) {
    long[] seeds = new long[n];
    for (int i = 0; i < n; i++) {
      seeds[i] = rng.nextLong();
    }
    return seeds;
  }

  private long collectOnce(Rollout rollout, Rng rng, List<EpisodeStats> finished) {
    if (env instanceof StagedVectorEnv staged && staged.stageCount() > 1) {
      try {
        PipelinedRollout.Result r =
            new PipelinedRollout(staged, policy, timings).collect(rollout, current, rng, finished);
        current = r.current();
        return r.envSteps();
      } finally {
        timings.addEnvSeconds(staged.takeBusySeconds());
      }
    }
    rollout.clear();
    int n = env.spec().numEnvs();
    long envSteps = 0;
    PolicyStep step = act(rng);
    for (int t = 0; t < rollout.steps(); t++) {
      rollout.addDecision(current, step);
      if (unreleased != null) {
        env.release(unreleased); // current is stored and acted on: no one reads it again
        unreleased = null;
      }
      long t0 = System.nanoTime();
      StepResult r = env.step(step.actions());
      long envNanos = System.nanoTime() - t0;
      timings.addEnv(envNanos);
      timings.addIdle(envNanos);
      float[] nextValue = new float[n];
      boolean[] done = new boolean[n];
      if (r.doneEnvs().length > 0) {
        float[] finalValues = truncatedValues(r);
        for (int k = 0; k < r.doneEnvs().length; k++) {
          int i = r.doneEnvs()[k];
          done[i] = true;
          nextValue[i] = r.truncated()[i] ? finalValues[k] : 0f;
        }
        finished.addAll(List.of(r.episodes()));
      }
      for (int s : r.steps()) {
        envSteps += s;
      }
      rollout.addOutcome(r.reward(), done, r.terminated(), nextValue);
      current = r.observations();
      unreleased = r;
      if (t + 1 < rollout.steps()) {
        step = act(rng);
        rollout.setNextValuesOfContinuing(step.value());
      }
    }
    rollout.setNextValuesOfContinuing(value(current));
    return envSteps;
  }

  private PolicyStep act(Rng rng) {
    return policy.act(current, 0, rng);
  }

  private float[] value(Observations o) {
    return policy.value(o, 0);
  }

  /** V(final observation) of each done sub-env (only truncated ones are used). */
  private float[] truncatedValues(StepResult r) {
    return policy.finalValues(r, 0);
  }

  public Observations current() {
    return current;
  }
}
