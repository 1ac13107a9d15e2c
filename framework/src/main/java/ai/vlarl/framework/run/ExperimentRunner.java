package ai.vlarl.framework.run;

import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.Snapshottable;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.rl.Algorithm;
import ai.vlarl.framework.runtime.EnvServerLauncher;
import ai.vlarl.framework.runtime.EnvStages;
import ai.vlarl.framework.runtime.Placement;
import com.google.inject.Inject;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs an experiment end to end: creates the run directory, the env, policy and algorithm from
 * their plugins, trains (or resumes) with the standard listeners, evaluates, and writes {@code
 * summary.json}. The command line is a thin layer over this class.
 */
public final class ExperimentRunner {
  public static final String SUMMARY_FILE = "summary.json";
  /** Prefix of the directories a restart moves a stopped attempt's files into. */
  private static final String ATTEMPT = "attempt-";
  private final Plugins plugins;
  private EnvServerLauncher envServers;

  @Inject
  public ExperimentRunner(Plugins plugins) {
    this.plugins = plugins;
  }

  /** Starts env server processes for {@code rollout.env_servers} (bound by the sim bridge module). */
  @Inject(optional = true)
  public void setEnvServerLauncher(EnvServerLauncher launcher) {
    this.envServers = launcher;
  }

  /** Where output goes: the progress stream and whether it is a terminal. */
  public record Console(PrintStream out, boolean terminal) {}

  /**
   * Starts a new run in {@code runDir} (which must be absent or empty). A run that fails before its
   * first checkpoint and its first iteration's metrics leaves {@code runDir} as it found it, so
   * that the same command can run again.
   */
  public Map<String, Object> train(ExperimentConfig cfg, Path runDir, Console console) {
    RunDirectory.Claim claim = RunDirectory.create(runDir);
    try {
      return start(cfg, runDir, console);
    } catch (RuntimeException | Error e) {
      claim.discardUnlessCheckpointed(e);
      throw e;
    }
  }

  private Map<String, Object> start(ExperimentConfig cfg, Path runDir, Console console) {
    console.out().println("run directory: " + runDir);
    return fromStepZero(cfg, runDir, console, () -> { });
  }

  /**
   * What a run does to its directory once everything that can refuse it (the parts, the env's
   * reset, the trainer) is built, just before training starts; the run's config is written after it.
   */
  @FunctionalInterface
  private interface Preparation {
    void run() throws IOException;
  }

  /** Trains the run from step 0, with the seed's initial env state; {@code prepare} as above. */
  private Map<String, Object> fromStepZero(ExperimentConfig cfg, Path runDir, Console console,
      Preparation prepare) {
    try (Parts p = build(cfg, EnvFactory.Purpose.TRAIN)) {
      long[] seeds = initialSeeds(cfg.seed(), p.env.spec().numEnvs());
      p.env.reset(seeds);
      return runAndEvaluate(cfg, runDir, p, Trainer.freshState(cfg.seed()), console, prepare);
    }
  }

  /**
   * Continues the run in {@code runDir} from its latest checkpoint ({@code overrides} apply to the
   * run's config). Refuses, before writing anything, a checkpoint whose files cannot be read and a
   * finished run ({@code summary.json} written) that already has {@code train.total_steps} env
   * steps; one whose final evaluation never ran gets it. A run stopped before its first checkpoint
   * (Ctrl-C, a killed process) starts over from step 0 with its own config ({@link #restart}).
   * Nothing in {@code runDir} changes until the run's parts, env reset and trainer are built.
   */
  public Map<String, Object> resume(Path runDir, List<String> overrides, Console console) {
    Path configFile = runDir.resolve(Checkpointer.CONFIG_FILE);
    if (!Files.isRegularFile(configFile)) {
      throw new UserException("cannot resume " + runDir + ": it has no " + Checkpointer.CONFIG_FILE
          + " (is it a vlarl run directory?)");
    }
    CheckpointStore store = new CheckpointStore(runDir);
    if (!store.hasCheckpoint()) {
      return restart(runDir, plugins.load(configFile, overrides), console);
    }
    Path ckpt = store.latest();
    ExperimentConfig cfg = plugins.load(configFile, overrides);
    TrainState state = TrainState.read(ckpt.resolve(Trainer.STATE_FILE));
    requireStepsLeft(runDir, state, cfg);
    try (Parts p = build(cfg, EnvFactory.Purpose.TRAIN)) {
      restore(ckpt, p);
      return runAndEvaluate(cfg, runDir, p, state, console, () -> {
        JsonlMetrics.truncateAfter(runDir, state.iteration);
        console.out().println("resuming " + runDir + " from " + ckpt.getFileName() + " (iteration "
            + state.iteration + ", " + state.envSteps + " env steps)");
      });
    }
  }

  /**
   * {@link #resume} of a run that has no checkpoint: trains it again from step 0, after moving what
   * the stopped attempt wrote (its metrics and event files) into {@code attempt-<k>/} beside them, so
   * that nothing is lost and TensorBoard shows it as a run of its own. Refuses a finished run, one
   * with checkpoint directories that {@code latest} does not name, and a directory that no training
   * has written to (an SFT stage).
   */
  private Map<String, Object> restart(Path runDir, ExperimentConfig cfg, Console console) {
    String cannot = "cannot resume " + runDir + ": ";
    if (Files.exists(runDir.resolve(SUMMARY_FILE))) {
      throw new UserException(cannot + "it finished (" + SUMMARY_FILE + ") but has no checkpoint in "
          + runDir.resolve(CheckpointStore.DIR) + " to train on from; start a new run with its config.yaml");
    }
    try {
      List<Path> checkpoints = new CheckpointStore(runDir).checkpoints();
      if (!checkpoints.isEmpty()) {
        Path newest = checkpoints.get(checkpoints.size() - 1);
        throw new UserException(cannot + "it has checkpoints (newest " + newest.getFileName()
            + ") but no " + CheckpointStore.DIR + "/latest naming one (stopped while writing it?); write \""
            + newest.getFileName() + "\" into " + runDir.resolve(CheckpointStore.DIR).resolve("latest")
            + " to resume from it");
      }
    } catch (IOException e) {
      throw new UserException(cannot + RunDirectory.reason(runDir, e), e);
    }
    if (!trainingWrote(runDir)) {
      throw new UserException(cannot + "it has no checkpoint, and no training wrote to it ("
          + JsonlMetrics.FILE + ", event files); an SFT stage stopped before its checkpoint runs again"
          + " with the train command that started it");
    }
    return fromStepZero(cfg, runDir, console, () -> {
      Path aside = freshAttemptDir(runDir);
      Files.createDirectories(aside);
      for (Path f : attemptFiles(runDir)) {
        Files.move(f, aside.resolve(f.getFileName()));
      }
      console.out().println("resuming " + runDir + ": it stopped before its first checkpoint, so it"
          + " starts over from step 0 (the stopped attempt's metrics and events are in " + aside + ")");
    });
  }

  /**
   * Whether training wrote to {@code runDir}: a metrics or event file, or an attempt an earlier
   * restart moved aside. Without that (or a checkpoint), a resume is refused.
   */
  private static boolean trainingWrote(Path runDir) {
    try {
      return !attemptFiles(runDir).isEmpty() || Files.isDirectory(runDir.resolve(ATTEMPT + 1));
    } catch (IOException e) {
      return false;
    }
  }

  /** The metrics and event files of a training attempt in {@code runDir}. */
  private static List<Path> attemptFiles(Path runDir) throws IOException {
    try (Stream<Path> s = Files.list(runDir)) {
      return s.filter(p -> Files.isRegularFile(p) && (p.getFileName().toString().equals(JsonlMetrics.FILE)
          || p.getFileName().toString().startsWith(TensorBoardWriter.PREFIX))).sorted().toList();
    }
  }

  /** {@code runDir/attempt-<k>} for the first k that does not exist. */
  private static Path freshAttemptDir(Path runDir) {
    for (int k = 1; ; k++) {
      Path p = runDir.resolve(ATTEMPT + k);
      if (!Files.exists(p)) {
        return p;
      }
    }
  }

  /**
   * Fails unless the run has env steps left to train before {@code train.total_steps}, or has not
   * finished (no {@code summary.json}: its final evaluation never ran, which a resume then does).
   */
  private static void requireStepsLeft(Path runDir, TrainState state, ExperimentConfig cfg) {
    long total = cfg.train().total_steps();
    if (state.envSteps >= total && Files.exists(runDir.resolve(SUMMARY_FILE))) {
      throw new UserException(runDir + " already has " + state.envSteps + " env steps (train.total_steps="
          + total + "): nothing to resume; raise train.total_steps to train on");
    }
  }

  private Map<String, Object> runAndEvaluate(ExperimentConfig cfg, Path runDir, Parts p,
      TrainState state, Console console, Preparation prepare) {
    // Ctrl-C (or a SIGTERM) ends the JVM without unwinding this call: say how to go on from there
    Thread hint = new Thread(() -> resumeHint(runDir));
    Runtime.getRuntime().addShutdownHook(hint);
    try {
      return trainAndEvaluate(cfg, runDir, p, state, console, prepare);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hint);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs (or ran): the JVM is already exiting
      }
    }
  }

  /**
   * Writes, straight to file descriptor 2, how to continue the run in {@code runDir} (when it is
   * still there). Not through {@code System.out}: the training thread may hold its lock, blocked
   * on a pipe nobody reads (a paused pager), and the JVM waits for this hook before it exits.
   */
  static void resumeHint(Path runDir) {
    if (!Files.isRegularFile(runDir.resolve(Checkpointer.CONFIG_FILE))
        || !(new CheckpointStore(runDir).hasCheckpoint() || trainingWrote(runDir))) {
      return; // a resume would be refused: training never started, or the run removed itself
    }
    String hint = System.lineSeparator() + "interrupted; continue this run with: vlarl train --resume "
        + runDir + " (from its last checkpoint, or from step 0 if it has none)" + System.lineSeparator();
    try {
      @SuppressWarnings("resource") // closing it would close the process's stderr
      FileOutputStream err = new FileOutputStream(FileDescriptor.err);
      err.write(hint.getBytes(StandardCharsets.UTF_8));
    } catch (IOException ignored) {
      // nowhere to say it
    }
  }

  private Map<String, Object> trainAndEvaluate(ExperimentConfig cfg, Path runDir, Parts p,
      TrainState state, Console console, Preparation prepare) {
    String yaml = toYaml(cfg);
    String placement = Placement.notApplied(cfg.placement(), Placement.computeDevice());
    if (placement != null) {
      console.out().println("note: " + placement);
    }
    List<TrainListener> listeners = new ArrayList<>();
    if (cfg.train().progress()) {
      listeners.add(new ConsoleProgress(console.out(), console.terminal()));
    }
    listeners.add(new JsonlMetrics());
    listeners.add(new EnvSpecFile(p.env.spec()));
    listeners.add(new TensorBoardWriter());
    listeners.add(new LearningCurves());
    listeners.add(new Checkpointer(yaml));
    Map<String, Double> last;
    Trainer trainer;
    // rollout.async / rollout.weight_copy: the rollout acts with a copy (weights synced, versioned)
    try (Policy copy = cfg.rollout().usesWeightCopy() ? plugins.policies().get(cfg.policy().kind())
        .create(cfg.policy().settings(), p.env.spec(), 0) : null) {
      trainer = new Trainer(cfg, runDir, p.env, p.policy, p.algorithm, listeners, state, copy);
      prepareDirectory(runDir, yaml, prepare);
      last = trainer.run();
    }

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("name", cfg.name());
    summary.put("run_dir", runDir.toString());
    summary.put("env_steps", trainer.envSteps());
    summary.put("iterations", trainer.iteration());
    summary.put("wall_seconds", trainer.wallSeconds());
    summary.put("train", last);
    if (cfg.eval().enabled()) {
      summary.put("eval", evaluate(cfg, p.policy, console));
    }
    trainer.finish(summary);
    try {
      Files.writeString(runDir.resolve(SUMMARY_FILE), Json.pretty(summary) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return summary;
  }

  /**
   * Applies {@code prepare} and writes the run's config (to a temporary file first: without a
   * checkpoint, it is the run's only copy of its config), just before training starts.
   */
  private static void prepareDirectory(Path runDir, String yaml, Preparation prepare) {
    try {
      prepare.run();
      Path tmp = Files.createTempFile(runDir, ".config-", ".yaml");
      Files.writeString(tmp, yaml);
      Files.move(tmp, runDir.resolve(Checkpointer.CONFIG_FILE), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UserException("cannot write to run directory " + runDir + ": "
          + RunDirectory.reason(runDir, e), e);
    }
  }

  /** Evaluates {@code policy} on fresh eval envs of the experiment's env section. */
  public Map<String, Object> evaluate(ExperimentConfig cfg, Policy policy, Console console) {
    EvalConfig e = cfg.eval();
    EnvFactory f = plugins.envs().get(cfg.env().kind());
    try (VectorEnv env = f.create(cfg.env().settings(), EnvFactory.Purpose.EVAL,
        Math.min(e.num_envs(), e.episodes()))) {
      long t0 = System.nanoTime();
      int[] lastDecile = {-1};
      EpisodeTally tally = Evaluator.evaluate(env, policy, e.episodes(), e.seed(), e.greedy(),
          (done, total) -> {
            int decile = done * 10 / total;
            if (decile != lastDecile[0]) {
              lastDecile[0] = decile;
              console.out().print((console.terminal() ? "\r" : "") + "evaluating: " + done + "/"
                  + total + " episodes" + (console.terminal() ? "" : "\n"));
            }
          });
      if (console.terminal()) {
        console.out().println();
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("success_rate", tally.successRate());
      m.put("episodes", tally.episodes());
      m.put("mean_return", tally.meanReturn());
      m.put("per_task", tally.perTaskSuccess());
      m.put("seconds", (System.nanoTime() - t0) / 1e9);
      return m;
    }
  }

  private Parts build(ExperimentConfig cfg, EnvFactory.Purpose purpose) {
    VectorEnv env = EnvStages.create(plugins.envs().get(cfg.env().kind()), cfg.env(), purpose,
        cfg.rollout(), envServers);
    Policy policy = null;
    try {
      policy = plugins.policies().get(cfg.policy().kind()).create(cfg.policy().settings(),
          env.spec(), Rng.derive(cfg.seed(), "policy-init").nextLong());
      Algorithm algo = plugins.algorithms().get(cfg.algo().kind()).create(cfg.algo().settings(), policy);
      return new Parts(env, policy, algo);
    } catch (IllegalArgumentException ex) {
      closeQuietly(env, policy);
      throw new UserException(ex.getMessage(), ex);
    } catch (RuntimeException ex) {
      closeQuietly(env, policy);
      throw ex;
    }
  }

  private static void closeQuietly(VectorEnv env, Policy policy) {
    if (policy != null) {
      policy.close();
    }
    env.close();
  }

  /** Loads the weights, the optimizer state and the env state of checkpoint {@code ckpt}. */
  private static void restore(Path ckpt, Parts p) {
    CheckpointFiles.read(ckpt.resolve(Trainer.POLICY_FILE), "policy weights", p.policy::loadParameters);
    CheckpointFiles.read(ckpt.resolve(Trainer.OPTIMIZER_FILE), "optimizer state", p.algorithm::loadState);
    Path envFile = ckpt.resolve(Trainer.ENV_FILE);
    if (p.env instanceof Snapshottable s && Files.exists(envFile)) {
      CheckpointFiles.readBytes(envFile, "env state", s::loadState);
    }
  }

  /** Seeds of the first episodes of each sub-env. */
  static long[] initialSeeds(long seed, int n) {
    Rng r = Rng.derive(seed, "env-reset");
    long[] s = new long[n];
    for (int i = 0; i < n; i++) {
      s[i] = r.nextLong();
    }
    return s;
  }

  /** The resolved config as YAML (every key, defaults included). */
  public static String toYaml(ExperimentConfig cfg) {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setIndent(2);
    return new Yaml(o).dump(ConfigBinder.toTree(cfg));
  }

  /** The env, policy and algorithm of a run, closed together. */
  private record Parts(VectorEnv env, Policy policy, Algorithm algorithm) implements AutoCloseable {
    @Override
    public void close() {
      algorithm.close();
      policy.close();
      env.close();
    }
  }
}
