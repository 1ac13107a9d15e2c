package ai.vlarl.policies.vla;

import ai.vlarl.framework.config.ConfigLoader;
import ai.vlarl.framework.run.CheckpointStore;
import ai.vlarl.framework.run.Checkpointer;
import ai.vlarl.framework.run.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where {@code policy.init} points and how it is read. Checkpoints use the framework's layout
 * ({@link CheckpointStore}): a run directory holds {@code checkpoints/latest}, naming {@code
 * checkpoints/step-<n>/}, which holds {@code policy.params} (the VLA weights, {@link VlaWeights}).
 * Accepted, in this order:
 *
 * <ol>
 *   <li>a file: vlarl VLA weights ({@code policy.params}, or any {@code .safetensors} written by
 *       vlarl), or a foreign safetensors file imported through {@link WeightImport}'s name
 *       mapping;
 *   <li>a run directory ({@code vlarl sft} or {@code vlarl train}): its latest checkpoint;
 *   <li>a checkpoint directory holding {@code policy.params}.
 * </ol>
 */
public final class VlaCheckpoints {
  private VlaCheckpoints() {}

  /** The weights file {@code init} names. */
  public static Path resolve(Path init) throws IOException {
    if (Files.isRegularFile(init)) {
      return init;
    }
    if (!Files.isDirectory(init)) {
      throw new IOException("no such file or directory");
    }
    if (Files.isDirectory(init.resolve(CheckpointStore.DIR))) {
      return new CheckpointStore(init).latest().resolve(Trainer.POLICY_FILE);
    }
    Path params = init.resolve(Trainer.POLICY_FILE);
    if (Files.isRegularFile(params)) {
      return params;
    }
    throw new IOException(
        "not a run directory (no " + CheckpointStore.DIR + "/), a checkpoint directory (no "
            + Trainer.POLICY_FILE + ") or a weights file");
  }

  /** Loads the weights {@code init} names into {@code policy}. */
  public static void load(VlaPolicy policy, Path init) throws IOException {
    Path file = resolve(init);
    String kind = checkpointPolicyKind(file);
    if (kind != null && !kind.equals("vla")) {
      throw new IOException(file + " holds the weights of a policy.kind=" + kind + " policy, not a VLA's "
          + "(its checkpoint's " + Checkpointer.CONFIG_FILE + ")");
    }
    Safetensors.Contents c = Safetensors.read(file);
    if (VlaWeights.isVlarl(c)) {
      VlaWeights.apply(c, file.toString(), policy);
    } else {
      WeightImport.apply(c, file.toString(), policy);
    }
  }

  /**
   * The {@code policy.kind} in the config.yaml beside {@code weights} (a checkpoint's), or null when
   * there is none or it does not say.
   */
  static String checkpointPolicyKind(Path weights) {
    Path parent = weights.toAbsolutePath().getParent();
    Path config = parent == null ? null : parent.resolve(Checkpointer.CONFIG_FILE);
    if (config == null || !Files.isRegularFile(config)) {
      return null;
    }
    try {
      return ConfigLoader.load(config, List.of()).get("policy") instanceof Map<?, ?> policy
          && policy.get("kind") instanceof String k ? k : null;
    } catch (RuntimeException e) {
      return null; // not readable as a config: the weights file speaks for itself
    }
  }
}
