package ai.vlarl.framework.runtime;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.EpisodeStats;
import ai.vlarl.framework.env.Observations;
import ai.vlarl.framework.env.StepResult;
import ai.vlarl.framework.policy.PolicyStep;
import ai.vlarl.framework.rl.Rollout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * One rollout collected with k pipeline stages: the caller's thread runs the policy, stage after
 * stage, while each stage's simulator steps on its own thread. As soon as stage s's step returns,
 * its next actions are inferred and its next step started, so the simulator of one stage works
 * while the policy infers another.
 *
 * <p>Scheduling only. The policy is called for the stages in row order at every decision, so a
 * policy that draws its sampling randomness row after row (as {@code CategoricalHead} does) uses
 * the same {@link Rng} stream as one call on all N rows; what is stored in the {@link Rollout} is
 * assembled per decision over all stages, in the order the sequential loop stores it. The rollout
 * equals the sequential one bit for bit when the policy's outputs for a row do not depend on the
 * other rows of its batch, or when inference runs in fixed blocks of rows ({@link
 * BlockedInference}; tested with the MLP and CNN baselines on the tabletop suite).
 */
public final class PipelinedRollout {
  private final StagedVectorEnv env;
  private final BlockedInference policy;
  private final Timings timings;

  public PipelinedRollout(StagedVectorEnv env, BlockedInference policy, Timings timings) {
    this.env = env;
    this.policy = policy;
    this.timings = timings;
  }

  /** What one collection leaves behind. */
  public record Result(Observations current, long envSteps) {}

  /**
   * Collects {@code rollout.steps()} decisions from {@code current} (the env's observations).
   *
   * @param finished receives the episodes that end, in the sequential loop's order
   */
  public Result collect(Rollout rollout, Observations current, Rng rng, List<EpisodeStats> finished) {
    rollout.clear();
    int k = env.stageCount();
    int[] offset = env.offsets();
    Observations[] obs = new Observations[k];
    PolicyStep[] acts = new PolicyStep[k];
    List<Future<StepResult>> inflight = new ArrayList<>();
    for (int s = 0; s < k; s++) {
      obs[s] = current.gather(StepMerge.rows(offset[s], offset[s + 1]));
      acts[s] = policy.act(obs[s], offset[s], rng);
      inflight.add(env.submitStep(s, acts[s].actions()));
    }
    long envSteps = 0;
    int n = offset[k];
    try {
      for (int t = 0; t < rollout.steps(); t++) {
        Observations decisionObs = Observations.concat(Arrays.asList(obs));
        PolicyStep decision = StepMerge.decisions(acts);
        Outcome out = new Outcome(n);
        boolean more = t + 1 < rollout.steps();
        for (int s = 0; s < k; s++) {
          StepResult r = await(inflight, s);
          // everything is taken out of r before the stage steps again (an env may reuse buffers)
          envSteps += out.add(r, offset[s], policy.finalValues(r, offset[s]));
          obs[s] = copy(r.observations());
          if (more) {
            acts[s] = policy.act(obs[s], offset[s], rng);
            inflight.set(s, env.submitStep(s, acts[s].actions()));
          }
        }
        rollout.addDecision(decisionObs, decision);
        rollout.addOutcome(out.reward, out.done, out.terminated, out.nextValue);
        finished.addAll(out.episodes);
        if (more) {
          rollout.setNextValuesOfContinuing(StepMerge.decisions(acts).value());
        }
      }
    } catch (RuntimeException e) {
      drain(inflight);
      throw e;
    }
    List<float[]> last = new ArrayList<>();
    for (int s = 0; s < k; s++) {
      last.add(policy.value(obs[s], offset[s]));
    }
    rollout.setNextValuesOfContinuing(StepMerge.floats(last));
    return new Result(Observations.concat(Arrays.asList(obs)), envSteps);
  }

  /** The outcome of one decision over all N rows, filled stage by stage. */
  private static final class Outcome {
    final float[] reward;
    final boolean[] done;
    final boolean[] terminated;
    final float[] nextValue;
    final List<EpisodeStats> episodes = new ArrayList<>();

    Outcome(int n) {
      reward = new float[n];
      done = new boolean[n];
      terminated = new boolean[n];
      nextValue = new float[n];
    }

    /** Copies one stage's result into rows {@code o...}; returns its env steps. */
    long add(StepResult r, int o, float[] finalValues) {
      int m = r.reward().length;
      System.arraycopy(r.reward(), 0, reward, o, m);
      System.arraycopy(r.terminated(), 0, terminated, o, m);
      for (int j = 0; j < r.doneEnvs().length; j++) {
        int i = r.doneEnvs()[j];
        done[o + i] = true;
        nextValue[o + i] = r.truncated()[i] ? finalValues[j] : 0f;
        EpisodeStats e = r.episodes()[j];
        episodes.add(new EpisodeStats(e.env() + o, e.task(), e.successOnce(), e.successAtEnd(),
            e.episodeReturn(), e.length(), e.terminated(), e.truncated()));
      }
      long steps = 0;
      for (int x : r.steps()) {
        steps += x;
      }
      return steps;
    }
  }

  private static Observations copy(Observations o) {
    return o.gather(StepMerge.rows(0, o.size()));
  }

  private StepResult await(List<Future<StepResult>> inflight, int s) {
    long t0 = System.nanoTime();
    try {
      return inflight.get(s).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for env stage " + s, e);
    } finally {
      timings.addIdle(System.nanoTime() - t0);
    }
  }

  /** Lets every stage finish what it is doing (no stage is left mid-step), ignoring the outcomes. */
  private static void drain(List<Future<StepResult>> inflight) {
    for (Future<StepResult> f : inflight) {
      try {
        f.get();
      } catch (ExecutionException ignored) {
        // the first failure is the one reported
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
