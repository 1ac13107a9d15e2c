package ai.vlarl.experiments.deploy;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.run.CheckpointFiles;
import ai.vlarl.framework.run.CheckpointStore;
import ai.vlarl.framework.run.Checkpointer;
import ai.vlarl.framework.run.ExperimentConfig;
import ai.vlarl.framework.run.Plugins;
import ai.vlarl.framework.run.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained policy rebuilt from a checkpoint: its experiment config ({@code config.yaml} of the
 * checkpoint), the policy made by the config's policy plugin and its weights ({@code
 * policy.params}).
 */
public record LoadedPolicy(Path checkpoint, ExperimentConfig config, Policy policy, EnvSpec spec)
    implements AutoCloseable {

  /**
   * The checkpoint directory of {@code dir}: {@code dir} itself when it holds {@code
   * policy.params}, else the latest checkpoint of the run directory {@code dir}.
   */
  public static Path resolve(Path dir) {
    if (Files.isRegularFile(dir.resolve(Trainer.POLICY_FILE))) {
      return dir;
    }
    if (Files.isDirectory(dir.resolve(CheckpointStore.DIR))) {
      return new CheckpointStore(dir).latest();
    }
    throw new UserException("--checkpoint " + dir + " is neither a checkpoint directory (with "
        + Trainer.POLICY_FILE + ") nor a run directory (with " + CheckpointStore.DIR + "/)");
  }

  /** The experiment config stored with the checkpoint. */
  public static ExperimentConfig config(Plugins plugins, Path checkpoint) {
    Path file = checkpoint.resolve(Checkpointer.CONFIG_FILE);
    if (!Files.isRegularFile(file)) {
      throw new UserException("checkpoint " + checkpoint + " has no " + Checkpointer.CONFIG_FILE);
    }
    return plugins.load(file, List.of());
  }

  /** Creates the policy of {@code cfg} for an env of {@code spec} and loads the checkpoint's weights. */
  public static LoadedPolicy load(Plugins plugins, Path checkpoint, ExperimentConfig cfg, EnvSpec spec) {
    Policy policy = plugins.policies().get(cfg.policy().kind()).create(cfg.policy().settings(), spec,
        Rng.derive(cfg.seed(), "policy-init").nextLong());
    try {
      CheckpointFiles.read(checkpoint.resolve(Trainer.POLICY_FILE), "policy weights",
          policy::loadParameters);
    } catch (UserException e) {
      policy.close();
      throw e;
    }
    return new LoadedPolicy(checkpoint, cfg, policy, spec);
  }

  @Override
  public void close() {
    policy.close();
  }
}
