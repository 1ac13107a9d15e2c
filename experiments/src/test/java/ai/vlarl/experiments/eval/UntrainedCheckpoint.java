package ai.vlarl.experiments.eval;

import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.policy.Policy;
import ai.vlarl.framework.run.CheckpointStore;
import ai.vlarl.framework.run.Checkpointer;
import ai.vlarl.framework.run.EnvSpecFile;
import ai.vlarl.framework.run.ExperimentConfig;
import ai.vlarl.framework.run.Json;
import ai.vlarl.framework.run.Plugins;
import ai.vlarl.framework.run.Trainer;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A run directory with one checkpoint of an untrained policy for an env that need not exist here
 * (a LIBERO-shaped spec, say): config.yaml, env_spec.json and the initial weights, as training
 * would have written them before its first update.
 */
final class UntrainedCheckpoint {
  private UntrainedCheckpoint() {}

  static Path write(Plugins plugins, Path run, String configYaml, EnvSpec spec) throws IOException {
    Files.createDirectories(run);
    Path yaml = run.resolve(Checkpointer.CONFIG_FILE);
    Files.writeString(yaml, configYaml);
    ExperimentConfig cfg = plugins.load(yaml, List.of());
    Files.writeString(run.resolve(EnvSpecFile.FILE), Json.gson().toJson(spec));
    return new CheckpointStore(run).save(0, dir -> {
      try (Policy p = plugins.policies().get(cfg.policy().kind()).create(cfg.policy().settings(), spec,
          Rng.derive(cfg.seed(), "policy-init").nextLong());
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
              Files.newOutputStream(dir.resolve(Trainer.POLICY_FILE))))) {
        p.saveParameters(out);
      }
      Files.writeString(dir.resolve(Checkpointer.CONFIG_FILE), configYaml);
    }, 1);
  }
}
