package ai.vlarl.framework.run;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained policy rebuilt from a checkpoint, for evaluation and deployment: the checkpoint's
 * resolved experiment config ({@code config.yaml}), the policy its policy plugin makes for the env
 * it was trained in, and the weights ({@code policy.params}). Nothing of the optimizer or the env
 * state is read.
 *
 * <p>The policy is built for the spec of the env it was trained in ({@link #trainedSpec}); code
 * that runs it elsewhere checks {@link #requireFits} first, so a mismatch is one clear error
 * rather than a failure deep inside the network.
 *
 * @param checkpoint the checkpoint directory
 * @param config the experiment config it was trained with
 * @param spec the spec of its training env (with one sub-env)
 * @param policy the policy with the checkpoint's weights; closed with this object
 */
public record CheckpointedPolicy(Path checkpoint, ExperimentConfig config, EnvSpec spec, Policy policy)
    implements AutoCloseable {

  /**
   * The checkpoint directory named by {@code dir}: {@code dir} itself when it holds {@code
   * policy.params}, else the latest checkpoint of the run directory {@code dir}.
   */
  public static Path resolve(Path dir) {
    if (!Files.exists(dir)) {
      throw new UserException("checkpoint " + dir + " does not exist");
    }
    if (Files.isRegularFile(dir.resolve(Trainer.POLICY_FILE))) {
      return dir;
    }
    if (Files.isDirectory(dir.resolve(CheckpointStore.DIR))) {
      return new CheckpointStore(dir).latest();
    }
    throw new UserException("checkpoint " + dir + " is neither a checkpoint directory (with "
        + Trainer.POLICY_FILE + ") nor a run directory (with " + CheckpointStore.DIR + "/)");
  }

  /** The run directory a checkpoint belongs to ({@code run/checkpoints/step-N}), if it has one. */
  public static Path runDirectory(Path checkpoint) {
    Path parent = checkpoint.toAbsolutePath().normalize().getParent();
    if (parent != null && parent.getFileName() != null
        && parent.getFileName().toString().equals(CheckpointStore.DIR) && parent.getParent() != null) {
      return parent.getParent();
    }
    return null;
  }

  /** The experiment config stored with a checkpoint, bound with today's plugins. */
  public static ExperimentConfig config(Plugins plugins, Path checkpoint) {
    Path file = checkpoint.resolve(Checkpointer.CONFIG_FILE);
    if (!Files.isRegularFile(file)) {
      throw new UserException("checkpoint " + checkpoint + " has no " + Checkpointer.CONFIG_FILE);
    }
    return plugins.load(file, List.of());
  }

  /** The spec of {@code cfg}'s env, read from a one-sub-env instance made for evaluation. */
  public static EnvSpec trainedSpec(Plugins plugins, ExperimentConfig cfg) {
    EnvFactory f = plugins.envs().get(cfg.env().kind());
    try (VectorEnv env = f.create(cfg.env().settings(), EnvFactory.Purpose.EVAL, 1)) {
      return env.spec();
    }
  }

  /**
   * Loads the checkpoint named by {@code dir} (a checkpoint or a run directory, see {@link
   * #resolve}). The training env's spec comes from the run's {@code env_spec.json} ({@link
   * EnvSpecFile}), else from a one-sub-env instance of the config's env.
   */
  public static CheckpointedPolicy load(Plugins plugins, Path dir) {
    Path checkpoint = resolve(dir);
    ExperimentConfig cfg = config(plugins, checkpoint);
    EnvSpec spec = EnvSpecFile.find(checkpoint).orElseGet(() -> trainedSpec(plugins, cfg));
    return load(plugins, checkpoint, cfg, spec);
  }

  /**
   * Creates {@code cfg}'s policy for an env of {@code spec} (with the training run's
   * initialization seed) and loads the checkpoint's weights into it.
   */
  public static CheckpointedPolicy load(Plugins plugins, Path checkpoint, ExperimentConfig cfg,
      EnvSpec spec) {
    Policy policy;
    try {
      policy = plugins.policies().get(cfg.policy().kind()).create(cfg.policy().settings(), spec,
          Rng.derive(cfg.seed(), "policy-init").nextLong());
    } catch (IllegalArgumentException e) {
      throw new UserException("checkpoint " + checkpoint + ": " + e.getMessage(), e);
    }
    try {
      CheckpointFiles.read(checkpoint.resolve(Trainer.POLICY_FILE), "policy weights",
          policy::loadParameters);
    } catch (UserException e) {
      policy.close();
      throw e;
    }
    return new CheckpointedPolicy(checkpoint, cfg, spec, policy);
  }

  /**
   * Fails with a {@link UserException} naming {@code where} unless the policy can act in an env of
   * {@code env}: same action dimensions, its chunk accepted, the same observation layout.
   */
  public void requireFits(EnvSpec env, String where) {
    requireActions(env.action().dim(), env.action().names(), where);
    if (policy.chunk() > env.action().maxChunk()) {
      throw new UserException("checkpoint " + checkpoint + " emits action chunks of " + policy.chunk()
          + " steps; " + where + " accepts at most " + env.action().maxChunk());
    }
    if (!env.observation().equals(spec.observation())) {
      throw new UserException("checkpoint " + checkpoint + " observes " + spec.observation()
          + "; " + where + " provides " + env.observation());
    }
  }

  /** Fails unless the policy's action dimensions are {@code dim} (named {@code names}). */
  public void requireActions(int dim, List<String> names, String where) {
    if (policy.actionDim() != dim) {
      throw new UserException("checkpoint " + checkpoint + " acts in " + policy.actionDim()
          + " action dims " + spec.action().names() + "; " + where + " takes " + dim + " " + names);
    }
  }

  @Override
  public void close() {
    policy.close();
  }
}
