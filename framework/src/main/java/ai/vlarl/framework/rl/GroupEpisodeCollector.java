package ai.vlarl.framework.rl;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.EpisodeStats;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.policy.PolicyStep;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * GRPO's collection: every iteration, the N sub-envs are split into N / G groups of consecutive
 * sub-envs, every member of a group is reset from the group's seed (one draw of the sampling
 * generator per group; identical seeds give identical initial states, see {@link VectorEnv}), and
 * every member runs exactly one episode, to its end or to {@code maxDecisions} decisions.
 *
 * <p>A member whose episode ended idles until the last member's ends: the env still steps it (a
 * {@link VectorEnv} steps all sub-envs together; it runs the auto-reset episode), but those
 * decisions are marked invalid in the rollout and that episode is never reported. Env steps count
 * what the simulator executed, idle steps included (so success-per-env-step curves charge GRPO
 * for the waiting); {@link Outcome#idleSteps} tells how many were idle. An episode cut at {@code
 * maxDecisions} counts as truncated, with the success and return it reached.
 */
public final class GroupEpisodeCollector implements ExperienceCollector {
  /** Chooses actions for a batch (the policy, at the algorithm's temperature). */
  @FunctionalInterface
  public interface Sampler {
    PolicyStep act(Observations obs, Rng rng);
  }

  /**
   * The episodes of the last collection, by sub-env.
   *
   * @param episodeReturn summed env reward
   * @param success the success predicate held at some step
   * @param idleSteps env steps executed by sub-envs whose episode had already ended
   * @param cut episodes that were still running after {@code maxDecisions} decisions
   */
  public record Outcome(float[] episodeReturn, boolean[] success, long idleSteps, int cut) {}

  private final VectorEnv env;
  private final Sampler sampler;
  private final int groupSize;
  private final int n;
  private final Rollout rollout;
  private Outcome last;

  /**
   * @param maxDecisions the longest episode in decisions (the rollout's capacity)
   * @throws IllegalArgumentException when {@code groupSize} does not divide the env's sub-envs
   */
  public GroupEpisodeCollector(VectorEnv env, int chunk, int actionDim, int maxDecisions,
      int groupSize, Sampler sampler) {
    this.env = env;
    this.sampler = sampler;
    this.groupSize = groupSize;
    this.n = env.spec().numEnvs();
    if (groupSize < 2 || n % groupSize != 0) {
      throw new IllegalArgumentException("env.num_envs (" + n + ") must be a multiple of "
          + "algo.group_size (" + groupSize + "), which must be at least 2: the sub-envs are "
          + "split into groups that start from the same state");
    }
    this.rollout = new Rollout(maxDecisions, n, chunk, actionDim);
  }

  /** The seeds of one collection: one draw per group, repeated for its members. */
  long[] groupSeeds(Rng rng) {
    long[] seeds = new long[n];
    for (int g = 0; g < n; g += groupSize) {
      Arrays.fill(seeds, g, g + groupSize, rng.nextLong());
    }
    return seeds;
  }

  @Override
  public Batch collect(Rng rng, Consumer<EpisodeStats> finished) {
    rollout.clear();
    Observations obs = env.reset(groupSeeds(rng));
    int[] tasks = obs.taskIds() == null ? null : obs.taskIds().clone();
    float[] ret = new float[n];
    boolean[] success = new boolean[n];
    boolean[] successNow = new boolean[n];
    int[] length = new int[n];
    boolean[] active = new boolean[n];
    Arrays.fill(active, true);
    int running = n;
    long steps = 0;
    long idle = 0;
    for (int t = 0; t < rollout.steps() && running > 0; t++) {
      PolicyStep step = sampler.act(obs, rng);
      rollout.addDecision(obs, step);
      StepResult r = env.step(step.actions());
      boolean[] valid = active.clone();
      boolean[] done = new boolean[n];
      for (int i = 0; i < n; i++) {
        steps += r.steps()[i];
        if (!active[i]) {
          idle += r.steps()[i];
          continue;
        }
        ret[i] += r.reward()[i];
        success[i] |= r.success()[i];
        successNow[i] = r.success()[i];
        length[i] += r.steps()[i];
      }
      for (int k = 0; k < r.doneEnvs().length; k++) {
        int i = r.doneEnvs()[k];
        if (active[i]) {
          EpisodeStats e = r.episodes()[k];
          ret[i] = (float) e.episodeReturn();
          success[i] = e.successOnce();
          done[i] = true;
          active[i] = false;
          running--;
          finished.accept(e);
        }
      }
      rollout.addOutcome(r.reward(), done, r.terminated(), new float[n], valid);
      obs = r.observations();
    }
    for (int i = 0; i < n; i++) {
      if (active[i]) {
        finished.accept(new EpisodeStats(i, tasks == null ? -1 : tasks[i], success[i],
            successNow[i], ret[i], length[i], false, true));
      }
    }
    last = new Outcome(ret, success, idle, running);
    return new Batch(rollout, steps);
  }

  /** The rollout every collection fills. */
  public Rollout rollout() {
    return rollout;
  }

  /** The episodes of the last {@link #collect}; null before the first. */
  public Outcome lastOutcome() {
    return last;
  }

  public int groupSize() {
    return groupSize;
  }
}
