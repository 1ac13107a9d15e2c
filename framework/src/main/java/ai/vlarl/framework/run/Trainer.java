package ai.vlarl.framework.run;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.Snapshottable;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.rl.Algorithm;
import ai.vlarl.framework.rl.ExperienceCollector;
import ai.vlarl.framework.rl.Rollout;
import ai.vlarl.framework.runtime.StagedVectorEnv;
import ai.vlarl.framework.runtime.Timings;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The on-policy loop: collect a rollout, update, tell the listeners; until {@code
 * train.total_steps} env steps are done. Synchronous by default; with {@code rollout.async} the
 * next rollout is collected (with the previous weights) while the learner updates ({@link
 * RolloutActor}), and {@code rollout/staleness} (learner updates the acting weights lag behind:
 * 0 for the first rollout, then 1) is logged.
 *
 * <p>Per-iteration metrics (in this order): {@code iteration}, {@code env_steps}, {@code
 * wall_seconds}, {@code steps_per_s}, the finished episodes' {@code train/...} metrics, the
 * algorithm's, then the time breakdown {@code time/...} ({@link Timings}). Only {@code
 * wall_seconds}, {@code steps_per_s} and {@code time/...} depend on the machine's speed.
 */
public final class Trainer implements RunContext {
  /** Checkpoint file names. */
  public static final String POLICY_FILE = "policy.params";
  public static final String OPTIMIZER_FILE = "optimizer.bin";
  public static final String ENV_FILE = "env.bin";
  public static final String STATE_FILE = "state.json";

  private final ExperimentConfig config;
  private final Path runDir;
  private final VectorEnv env;
  private final Policy policy;
  private final Algorithm algorithm;
  private final List<TrainListener> listeners;
  private final TrainState state;
  private final Rng sampleRng;
  private final Rng shuffleRng;
  /** Collects the rollouts (in place, with a weight copy, or one step off: {@code rollout.*}). */
  private final RolloutActor actor;
  /** Where each iteration's time goes (the {@code time/...} metrics). */
  private final Timings timings = new Timings();
  /** The algorithm's own collector ({@link Algorithm#collector}), or null for {@link #collector}. */
  private final ExperienceCollector ownCollector;

  /**
   * @param state counters and random states: fresh, or read from a checkpoint (then the env, the
   *     policy and the algorithm must have been restored from the same checkpoint)
   */
  public Trainer(ExperimentConfig config, Path runDir, VectorEnv env, Policy policy,
      Algorithm algorithm, List<TrainListener> listeners, TrainState state) {
    this(config, runDir, env, policy, algorithm, listeners, state, null);
  }

  /**
   * As above, the rollout acting with {@code rolloutCopy} (a policy of the same config, given when
   * {@code rollout.weight_copy} or {@code rollout.async} is set; its weights are overwritten with
   * the learner's, versioned, after every update; the caller closes it).
   */
  public Trainer(ExperimentConfig config, Path runDir, VectorEnv env, Policy policy,
      Algorithm algorithm, List<TrainListener> listeners, TrainState state, Policy rolloutCopy) {
    this.config = config;
    this.runDir = runDir;
    this.env = env;
    this.policy = policy;
    this.algorithm = algorithm;
    this.listeners = List.copyOf(listeners);
    this.state = state;
    this.sampleRng = new Rng(state.sampleRng);
    this.shuffleRng = new Rng(state.shuffleRng);
    this.ownCollector = algorithm.collector(env, config.train().rollout_steps());
    if (config.rollout().usesWeightCopy() && (rolloutCopy == null || ownCollector != null)) {
      throw new ai.vlarl.framework.core.UserException(rolloutCopy == null
          ? "rollout.async / rollout.weight_copy need a copy of the policy for the rollout"
          : "rollout.async / rollout.weight_copy: this algorithm collects its own experience with the "
              + "learner's policy (algo.kind=" + config.algo().kind() + "); use them with ppo");
    }
    this.actor = new RolloutActor(env, policy, config.rollout().usesWeightCopy() ? rolloutCopy : null,
        config.rollout().async(), config.train().rollout_steps(), config.rollout().inference_rows(),
        sampleRng, timings);
  }

  /** A fresh state for {@code seed}. */
  public static TrainState freshState(long seed) {
    TrainState s = new TrainState();
    s.seed = seed;
    s.sampleRng = Rng.derive(seed, "action-sampling").state();
    s.shuffleRng = Rng.derive(seed, "minibatch-shuffle").state();
    return s;
  }

  /** Trains until the step budget is spent; returns the last iteration's metrics. */
  public Map<String, Double> run() {
    listeners.forEach(l -> l.onStart(this));
    try {
      return loop();
    } finally {
      actor.close();
    }
  }

  private Map<String, Double> loop() {
    Map<String, Double> last = Map.of();
    long total = config.train().total_steps();
    while (state.envSteps < total) {
      long t0 = System.nanoTime();
      EpisodeTally tally = new EpisodeTally(env.spec().tasks());
      Rollout batch;
      long steps;
      double staleness = 0;
      if (ownCollector == null) {
        RolloutActor.Collected c = actor.take();
        if (state.envSteps + c.envSteps() < total) {
          actor.prefetch(); // async: rollout t+1 is collected while the learner trains on t
        }
        batch = c.rollout();
        steps = c.envSteps();
        tally = c.tally();
        staleness = actor.learnerVersion() - c.weightsVersion();
      } else {
        ExperienceCollector.Batch b = ownCollector.collect(sampleRng, tally::add);
        batch = b.rollout();
        steps = b.envSteps();
      }
      double progress = (double) state.envSteps / total;
      long learnStart = System.nanoTime();
      Map<String, Double> learn = algorithm.update(batch, shuffleRng, progress);
      timings.addLearner(System.nanoTime() - learnStart);
      actor.publish();
      double seconds = (System.nanoTime() - t0) / 1e9;
      state.iteration++;
      state.envSteps += steps;
      state.episodes += tally.episodes();
      state.wallSeconds += seconds;
      state.sampleRng = ownCollector == null ? actor.samplerState() : sampleRng.state();
      state.shuffleRng = shuffleRng.state();

      Map<String, Double> m = new LinkedHashMap<>();
      m.put("iteration", (double) state.iteration);
      m.put("env_steps", (double) state.envSteps);
      m.put("wall_seconds", state.wallSeconds);
      m.put("steps_per_s", steps / seconds);
      m.putAll(tally.metrics("train/"));
      learn.forEach((k, v) -> m.put("learn/" + k, v));
      if (config.rollout().async()) {
        m.put("rollout/staleness", staleness);
      }
      m.putAll(timings.take(seconds));
      last = m;
      for (TrainListener l : listeners) {
        l.onIteration(this, m);
      }
    }
    return last;
  }

  /** Tells the listeners the run is over. */
  public void finish(Map<String, Object> summary) {
    listeners.forEach(l -> l.onEnd(this, summary));
  }

  @Override
  public void writeCheckpoint(Path dir) throws IOException {
    // async: the env and the sampler are saved at rest, after the rollout in flight (which a resumed
    // run collects anew); the weights are the learner's
    actor.quiesce();
    state.sampleRng = ownCollector == null ? actor.samplerState() : sampleRng.state();
    try (DataOutputStream out = new DataOutputStream(buffered(dir.resolve(POLICY_FILE)))) {
      policy.saveParameters(out);
    }
    try (DataOutputStream out = new DataOutputStream(buffered(dir.resolve(OPTIMIZER_FILE)))) {
      algorithm.saveState(out);
    }
    if (env instanceof Snapshottable s && !(env instanceof StagedVectorEnv st && !st.canSnapshot())) {
      Files.write(dir.resolve(ENV_FILE), s.saveState());
    }
    Files.writeString(dir.resolve(STATE_FILE), state.toJson());
  }

  private static OutputStream buffered(Path p) throws IOException {
    return new java.io.BufferedOutputStream(Files.newOutputStream(p));
  }

  @Override
  public ExperimentConfig config() {
    return config;
  }

  @Override
  public Path runDir() {
    return runDir;
  }

  @Override
  public long iteration() {
    return state.iteration;
  }

  @Override
  public long envSteps() {
    return state.envSteps;
  }

  @Override
  public double wallSeconds() {
    return state.wallSeconds;
  }

  public Policy policy() {
    return policy;
  }
}
