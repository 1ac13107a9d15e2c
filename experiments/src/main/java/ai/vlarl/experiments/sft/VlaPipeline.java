package ai.vlarl.experiments.sft;

import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.run.CheckpointStore;
import ai.vlarl.framework.run.Checkpointer;
import ai.vlarl.framework.run.EnvSpecFile;
import ai.vlarl.framework.run.ExperimentConfig;
import ai.vlarl.framework.run.ExperimentRunner;
import ai.vlarl.framework.run.Plugins;
import ai.vlarl.framework.run.RunDirectory;
import ai.vlarl.policies.vla.VlaConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The VLA training pipeline: supervised fine-tuning on demonstrations, then PPO from the SFT
 * checkpoint. {@link #warmStart} runs the SFT stage for a training run and returns the config PPO
 * starts with; the caller then trains as usual.
 */
public final class VlaPipeline {
  /** Suffix of the SFT run directory, a sibling of the training run's. */
  public static final String SFT_SUFFIX = "-sft";
  /** What an SFT stage writes before its checkpoint ({@link SftRunner}): all a stopped one leaves. */
  private static final Set<String> BEFORE_CHECKPOINT = Set.of(Checkpointer.CONFIG_FILE, EnvSpecFile.FILE);

  private VlaPipeline() {}

  /** Whether {@code cfg} asks for an SFT warm start before training. */
  public static boolean wantsWarmStart(ExperimentConfig cfg) {
    return cfg.policy().settings() instanceof VlaConfig v
        && v.init().isEmpty()
        && v.sft().warm_start();
  }

  /** What a warm start produced: the config to train and the SFT run's summary (null if none ran). */
  public record WarmStart(ExperimentConfig config, Map<String, Object> sftSummary) {}

  /**
   * For a VLA experiment with {@code policy.sft.warm_start} and no {@code policy.init}: runs SFT
   * into {@code <trainDir>-sft} and returns {@code cfg} with {@code policy.init} set to it. Any
   * other experiment is returned unchanged.
   */
  public static WarmStart warmStart(
      Plugins plugins, ExperimentRunner runner, ExperimentConfig cfg, Path trainDir,
      ExperimentRunner.Console console) {
    if (!wantsWarmStart(cfg)) {
      return new WarmStart(cfg, null);
    }
    Path sftDir = sftDir(trainDir);
    reclaimStopped(sftDir, console);
    Map<String, Object> summary = new SftRunner(plugins, runner).run(cfg, sftDir, null, console);
    return new WarmStart(withInit(plugins, cfg, sftDir), summary);
  }

  /**
   * Whether {@code sftDir} holds an SFT stage that was stopped (Ctrl-C, a killed process) before
   * its checkpoint: nothing but the files it writes first. It has nothing to train from; {@code
   * train}'s warm start and {@code sft} run SFT there again ({@link #reclaimStopped}).
   */
  public static boolean stoppedBeforeCheckpoint(Path sftDir) {
    if (!Files.isDirectory(sftDir) || new CheckpointStore(sftDir).hasCheckpoint()) {
      return false;
    }
    try (Stream<Path> s = Files.list(sftDir)) {
      List<Path> entries = s.toList();
      return !entries.isEmpty() && entries.stream()
          .allMatch(p -> Files.isRegularFile(p) && BEFORE_CHECKPOINT.contains(p.getFileName().toString()));
    } catch (IOException e) {
      return false; // unreadable: the run directory's own check reports it
    }
  }

  /**
   * Fails, before any work, unless {@code sftDir} can take the SFT stage of a training run: absent,
   * empty, or a stage stopped before its checkpoint (which {@link #reclaimStopped} clears). The
   * message names the stage ({@code stageOf}, e.g. {@code --run-dir runs/x}), says how to train
   * from a finished stage ({@code trainFrom}) and which options choose another place ({@code
   * others}).
   */
  public static void requireUsableSftDir(Path sftDir, String stageOf, String trainFrom, String others) {
    if (stoppedBeforeCheckpoint(sftDir)) {
      return;
    }
    RunDirectory.requireUsable(sftDir, new CheckpointStore(sftDir).hasCheckpoint()
        ? "it holds the SFT stage of " + stageOf + ": train from it with " + trainFrom
            + ", or choose another " + others
        : "the SFT stage of " + stageOf + " goes there; empty it, or choose another " + others);
  }

  /**
   * Empties {@code sftDir} if it holds an SFT stage stopped before its checkpoint ({@link
   * #stoppedBeforeCheckpoint}), saying so, so that SFT can run there again.
   */
  public static void reclaimStopped(Path sftDir, ExperimentRunner.Console console) {
    if (!stoppedBeforeCheckpoint(sftDir)) {
      return;
    }
    console.out().println("note: " + sftDir + " holds an SFT stage stopped before its checkpoint;"
        + " running SFT there again");
    for (String f : BEFORE_CHECKPOINT) {
      try {
        Files.deleteIfExists(sftDir.resolve(f));
      } catch (IOException e) {
        throw new UserException("cannot clear the stopped SFT stage in " + sftDir + ": " + e.getMessage(), e);
      }
    }
  }

  /** The SFT run directory of training run {@code trainDir}. */
  public static Path sftDir(Path trainDir) {
    Path abs = trainDir.toAbsolutePath().normalize();
    return abs.resolveSibling(abs.getFileName() + SFT_SUFFIX);
  }

  /** {@code cfg} with {@code policy.init} set to {@code init}. */
  @SuppressWarnings("unchecked")
  public static ExperimentConfig withInit(Plugins plugins, ExperimentConfig cfg, Path init) {
    Map<String, Object> tree = new LinkedHashMap<>(ConfigBinder.toTree(cfg));
    Map<String, Object> policy = new LinkedHashMap<>((Map<String, Object>) tree.get("policy"));
    policy.put("init", init.toAbsolutePath().normalize().toString());
    tree.put("policy", policy);
    return plugins.binder().bind(ExperimentConfig.class, tree);
  }
}
