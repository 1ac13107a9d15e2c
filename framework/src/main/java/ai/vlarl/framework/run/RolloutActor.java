package ai.vlarl.framework.run;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.rl.Rollout;
import ai.vlarl.framework.runtime.PolicyReplica;
import ai.vlarl.framework.runtime.Timings;
import ai.vlarl.framework.runtime.VersionedWeights;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The actor side of {@link Trainer}: collects rollouts, with the learner's weights in place, with a
 * versioned copy of them ({@code rollout.weight_copy}), or one step off the learner ({@code
 * rollout.async}).
 *
 * <p>Synchronous: {@link #take} refreshes the copy (if any) to the latest published version and
 * collects on the caller's thread. Asynchronous: the actor thread collects into one of two rollout
 * buffers; {@link #take} waits for the rollout in flight, and {@link #prefetch} starts the next one
 * at once with the latest published weights, so the learner's update of rollout t overlaps the
 * collection of t+1, which acts with the weights from before that update (staleness 1). The
 * sampling generator, the env and the collector are used by one thread at a time (handed over
 * through the future).
 */
final class RolloutActor implements AutoCloseable {
  /** One collected rollout, the version of the weights that acted, and where its time went. */
  record Collected(Rollout rollout, long envSteps, EpisodeTally tally, long weightsVersion) {}

  private final VectorEnv env;
  private final Policy learner;
  private final RolloutCollector collector;
  private final Rollout[] buffers = new Rollout[2];
  private final Rng sampleRng;
  private final Timings timings;
  private final Timings actorTimings = new Timings();
  private final VersionedWeights weights;
  private final PolicyReplica replica;
  private final ExecutorService thread;
  private Future<Collected> inflight;
  private int next;
  private volatile long samplerState;

  /**
   * @param rolloutSteps decisions per rollout ({@code train.rollout_steps})
   * @param inferenceRows {@code rollout.inference_rows}
   * @param copy the rollout's own policy (null: act with {@code learner} in place, synchronous only)
   * @param timings the iteration's timings (env, inference and idle of each rollout are added to
   *     it when the rollout is taken)
   */
  RolloutActor(VectorEnv env, Policy learner, Policy copy, boolean async, int rolloutSteps,
      int inferenceRows, Rng sampleRng, Timings timings) {
    if (async && copy == null) {
      throw new IllegalArgumentException("the asynchronous actor needs a policy copy");
    }
    this.env = env;
    this.learner = learner;
    this.sampleRng = sampleRng;
    this.timings = timings;
    this.samplerState = sampleRng.state();
    this.weights = copy == null ? null : new VersionedWeights();
    this.replica = copy == null ? null : new PolicyReplica(copy, weights);
    Timings collectTimings = async ? actorTimings : timings;
    this.collector = new RolloutCollector(env, copy == null ? learner : copy, env.observe(),
        collectTimings, inferenceRows);
    int steps = rolloutSteps;
    for (int i = 0; i < buffers.length; i++) {
      buffers[i] = new Rollout(steps, env.spec().numEnvs(), learner.chunk(), learner.actionDim());
    }
    this.thread = async ? Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "rollout-actor");
      t.setDaemon(true);
      return t;
    }) : null;
    if (weights != null) {
      publish(); // version 0: the initial (or restored) weights
    }
  }

  /** The next rollout: the one in flight (async), or one collected now. */
  Collected take() {
    if (thread == null) {
      refresh();
      return collect(buffers[0], version());
    }
    if (inflight == null) {
      prefetch();
    }
    Collected c = await();
    inflight = null;
    timings.absorb(actorTimings);
    return c;
  }

  /** Async: starts collecting the next rollout now, with the latest published weights. */
  void prefetch() {
    if (thread == null || inflight != null) {
      return;
    }
    refresh();
    Rollout buffer = buffers[next];
    next = 1 - next;
    long version = replica.version();
    inflight = thread.submit(() -> collect(buffer, version));
  }

  /** After an update: publishes the learner's weights to the copy (timed as sync). */
  void publish() {
    if (weights != null) {
      long t0 = System.nanoTime();
      weights.publish(learner);
      timings.addSync(System.nanoTime() - t0);
    }
  }

  /** The learner's weights version: updates applied since the first publication. */
  long learnerVersion() {
    return weights == null ? 0 : weights.version();
  }

  /**
   * Waits until no rollout is being collected (for a checkpoint: the env and the sampler are then
   * at rest); the rollout in flight stays the next one {@link #take}n.
   */
  void quiesce() {
    if (inflight != null) {
      await();
    }
  }

  /** The sampling generator's state after the last finished collection. */
  long samplerState() {
    return samplerState;
  }

  private Collected collect(Rollout buffer, long version) {
    EpisodeTally tally = new EpisodeTally(env.spec().tasks());
    long steps = collector.collect(buffer, sampleRng, tally);
    samplerState = sampleRng.state();
    return new Collected(buffer, steps, tally, version);
  }

  private void refresh() {
    if (replica != null) {
      long t0 = System.nanoTime();
      replica.refresh();
      timings.addSync(System.nanoTime() - t0);
    }
  }

  private long version() {
    return replica == null ? 0 : replica.version();
  }

  private Collected await() {
    try {
      return inflight.get();
    } catch (ExecutionException e) {
      inflight = null;
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the rollout actor", e);
    }
  }

  /** Waits for a rollout in flight (the env must not be closed under it) and stops the actor thread. */
  @Override
  public void close() {
    if (thread != null) {
      try {
        if (inflight != null) {
          inflight.get();
        }
      } catch (ExecutionException | InterruptedException ignored) {
        // the run is over; its failure, if any, was reported by take()
      }
      thread.shutdownNow();
    }
  }
}
