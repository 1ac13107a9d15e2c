package ai.vlarl.experiments.sft;

import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.run.ExperimentConfig;
import ai.vlarl.framework.run.ExperimentRunner;
import ai.vlarl.framework.run.Plugins;
import ai.vlarl.policies.vla.VlaConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The VLA training pipeline: supervised fine-tuning on demonstrations, then PPO from the SFT
 * checkpoint. {@link #warmStart} runs the SFT stage for a training run and returns the config PPO
 * starts with; the caller then trains as usual.
 */
public final class VlaPipeline {
  /** Suffix of the SFT run directory, a sibling of the training run's. */
  public static final String SFT_SUFFIX = "-sft";

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
    Map<String, Object> summary = new SftRunner(plugins, runner).run(cfg, sftDir, null, console);
    return new WarmStart(withInit(plugins, cfg, sftDir), summary);
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
