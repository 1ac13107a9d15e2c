package ai.vlarl.framework.run;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.EpisodeStats;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.policy.Policy;

/**
 * Runs exactly {@code episodes} evaluation episodes, episode k from seed {@code seed + k}, spread
 * over the env's sub-envs. Every started episode is counted (no bias towards short ones), and the
 * same policy and seed give the same result.
 */
public final class Evaluator {
  private Evaluator() {}

  /** Progress callback: episodes finished so far. */
  public interface Progress {
    void finished(int done, int total);
  }

  public static EpisodeTally evaluate(VectorEnv env, Policy policy, int episodes, long seed,
      boolean greedy, Progress progress) {
    int n = env.spec().numEnvs();
    int active = Math.min(n, episodes);
    int[] idx = new int[active];
    long[] seeds = new long[active];
    for (int i = 0; i < active; i++) {
      idx[i] = i;
      seeds[i] = seed + i;
    }
    Observations obs = env.reset(seeds, idx);
    boolean[] counting = new boolean[n];
    for (int i = 0; i < active; i++) {
      counting[i] = true;
    }
    int started = active;
    EpisodeTally tally = new EpisodeTally(env.spec().tasks());
    Rng rng = Rng.derive(seed, "eval-sampling");
    while (tally.episodes() < episodes) {
      StepResult r = env.step(policy.act(obs, greedy, rng).actions());
      obs = r.observations();
      int[] restart = new int[r.doneEnvs().length];
      long[] restartSeeds = new long[restart.length];
      int count = 0;
      for (int k = 0; k < r.doneEnvs().length; k++) {
        EpisodeStats e = r.episodes()[k];
        int i = r.doneEnvs()[k];
        if (!counting[i]) {
          continue;
        }
        tally.add(e);
        if (progress != null) {
          progress.finished(tally.episodes(), episodes);
        }
        if (started < episodes) {
          restart[count] = i;
          restartSeeds[count++] = seed + started++;
        } else {
          counting[i] = false;
        }
      }
      if (count > 0) {
        obs = env.reset(java.util.Arrays.copyOf(restartSeeds, count), java.util.Arrays.copyOf(restart, count));
      }
    }
    return tally;
  }
}
