package ai.vlarl.framework.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an iteration's time went, in seconds, as the {@code time/...} metrics:
 *
 * <ul>
 *   <li>{@code time/env}: simulators stepping, summed over pipeline stages (with k &gt; 1 this
 *       overlaps inference);
 *   <li>{@code time/inference}: the rollout policy choosing actions and values;
 *   <li>{@code time/idle}: the rollout thread waiting for a simulator with nothing to infer (k = 1:
 *       all of the env time; the pipeline's aim is to shrink it);
 *   <li>{@code time/learner}: the algorithm's update;
 *   <li>{@code time/sync}: publishing the learner's weights to the rollout copy;
 *   <li>{@code time/wall}: the whole iteration (the parts above, minus the overlap, plus
 *       bookkeeping).
 * </ul>
 *
 * Counters are added to by the loop's thread only (stage threads report through {@link
 * StagedVectorEnv#takeBusySeconds}).
 */
public final class Timings {
  private long env;
  private long inference;
  private long idle;
  private long learner;
  private long sync;

  public void addEnv(long nanos) {
    env += nanos;
  }

  public void addEnvSeconds(double seconds) {
    env += (long) (seconds * 1e9);
  }

  public void addInference(long nanos) {
    inference += nanos;
  }

  public void addIdle(long nanos) {
    idle += nanos;
  }

  public void addLearner(long nanos) {
    learner += nanos;
  }

  public void addSync(long nanos) {
    sync += nanos;
  }

  public double inferenceSeconds() {
    return inference / 1e9;
  }

  public double envSeconds() {
    return env / 1e9;
  }

  public double idleSeconds() {
    return idle / 1e9;
  }

  /**
   * Adds {@code other}'s counters to these and zeroes {@code other} (the async actor's timings,
   * taken when its rollout is; the caller makes sure the actor is not running).
   */
  public void absorb(Timings other) {
    env += other.env;
    inference += other.inference;
    idle += other.idle;
    learner += other.learner;
    sync += other.sync;
    other.take(0);
  }

  /** The {@code time/...} metrics for an iteration of {@code wallSeconds}, then zeroes the counters. */
  public Map<String, Double> take(double wallSeconds) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("time/env", env / 1e9);
    m.put("time/inference", inference / 1e9);
    m.put("time/idle", idle / 1e9);
    m.put("time/learner", learner / 1e9);
    m.put("time/sync", sync / 1e9);
    m.put("time/wall", wallSeconds);
    env = 0;
    inference = 0;
    idle = 0;
    learner = 0;
    sync = 0;
    return m;
  }
}
