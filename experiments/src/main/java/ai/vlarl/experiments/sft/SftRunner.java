package ai.vlarl.experiments.sft;

import ai.vlarl.envs.tabletop.TabletopConfig;
import ai.vlarl.framework.core.Rng;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.env.EnvSpec;
import ai.vlarl.framework.env.VectorEnv;
import ai.vlarl.framework.run.CheckpointStore;
import ai.vlarl.framework.run.Checkpointer;
import ai.vlarl.framework.run.EnvSpecFile;
import ai.vlarl.framework.run.ExperimentConfig;
import ai.vlarl.framework.run.ExperimentRunner;
import ai.vlarl.framework.run.Json;
import ai.vlarl.framework.run.Plugins;
import ai.vlarl.framework.run.Provenance;
import ai.vlarl.framework.run.RunDirectory;
import ai.vlarl.framework.run.Trainer;
import ai.vlarl.policies.vla.EpisodeDataset;
import ai.vlarl.policies.vla.SftConfig;
import ai.vlarl.policies.vla.SftTrainer;
import ai.vlarl.policies.vla.VlaConfig;
import ai.vlarl.policies.vla.VlaPolicy;
import ai.vlarl.policies.vla.VlaPolicyFactory;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code vlarl sft}: supervised fine-tuning of the experiment's VLA policy on demonstrations,
 * written as a run directory that {@code train} starts from with {@code policy.init=DIR}.
 *
 * <pre>
 *   DIR/config.yaml                     the resolved experiment config
 *   DIR/env_spec.json                   the env's spec (for eval without the env)
 *   DIR/checkpoints/step-000000000000/  policy.params (VLA weights + action statistics),
 *                                       config.yaml, provenance.json
 *   DIR/checkpoints/latest
 *   DIR/summary.json                    demonstrations, SFT metrics, evaluation (success S0)
 * </pre>
 *
 * The policy is initialized exactly as {@code train} would (same seed stream), demonstrations come
 * from the tabletop experts ({@link ExpertDemonstrations}) or a recorded dataset ({@code
 * policy.sft.dataset}), training is {@link SftTrainer}, and the evaluation is the experiment's
 * own ({@code eval.*}).
 */
public final class SftRunner {
  private final Plugins plugins;
  private final ExperimentRunner runner;

  public SftRunner(Plugins plugins, ExperimentRunner runner) {
    this.plugins = plugins;
    this.runner = runner;
  }

  /**
   * Runs SFT for {@code cfg} into {@code runDir} (absent or empty). An SFT that fails before its
   * checkpoint leaves {@code runDir} as it found it.
   *
   * @param record where to also write the demonstrations as an episode dataset; null for not
   * @return the summary (also written to {@code summary.json})
   */
  public Map<String, Object> run(
      ExperimentConfig cfg, Path runDir, Path record, ExperimentRunner.Console console) {
    if (!(cfg.policy().settings() instanceof VlaConfig vla)) {
      throw new UserException(
          "vlarl sft trains policy.kind=vla; this experiment has policy.kind=" + cfg.policy().kind());
    }
    if (record != null && Files.exists(record.resolve(EpisodeDataset.FILE))) {
      throw new UserException("--record " + record + " already holds a dataset (" + EpisodeDataset.FILE
          + "); train on it with policy.sft.dataset=" + record + " instead of --record, or record into another directory");
    }
    RunDirectory.Claim claim = RunDirectory.create(runDir, "choose another directory for the SFT run");
    try {
      return run(cfg, vla, runDir, record, console);
    } catch (RuntimeException | Error e) {
      claim.discardUnlessCheckpointed(e);
      throw e;
    }
  }

  private Map<String, Object> run(ExperimentConfig cfg, VlaConfig vla, Path runDir, Path record,
      ExperimentRunner.Console console) {
    SftConfig sft = vla.sft();
    console.out().println("sft run directory: " + runDir);
    String yaml = ExperimentRunner.toYaml(cfg);
    EnvSpec spec = spec(cfg);
    long t0 = System.nanoTime();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("name", cfg.name());
    summary.put("run_dir", runDir.toString());
    try {
      Files.writeString(runDir.resolve(Checkpointer.CONFIG_FILE), yaml);
      Files.writeString(runDir.resolve(EnvSpecFile.FILE), Json.gson().toJson(spec) + "\n");
      EpisodeDataset data = demonstrations(cfg, sft, summary, console);
      if (record != null) {
        data.write(record);
        console.out().println("demonstrations written to " + record.resolve(EpisodeDataset.FILE));
      }
      long seed = Rng.derive(cfg.seed(), "policy-init").nextLong();
      VlaPolicy policy;
      try {
        policy = VlaPolicyFactory.create(vla, spec, seed);
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage(), e);
      }
      try (policy) {
        console.out().printf("sft: %d steps of %d episodes, %d epochs, batch %d, %,d parameters%n",
            data.steps(), data.episodes().size(), sft.epochs(), sft.batch_size(), policy.parameterCount());
        Map<String, Double> m = SftTrainer.train(policy, data, sft, Rng.derive(cfg.seed(), "sft").nextLong(),
            progress(console));
        if (console.terminal()) {
          console.out().println();
        }
        summary.put("sft", m);
        summary.put("action_stats", Map.of("q01", policy.stats().q01(), "q99", policy.stats().q99()));
        save(runDir, policy, yaml, cfg.seed());
        if (cfg.eval().enabled()) {
          summary.put("eval", runner.evaluate(cfg, policy, console));
        }
      }
      summary.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
      Files.writeString(runDir.resolve(ExperimentRunner.SUMMARY_FILE), Json.pretty(summary) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("sft in " + runDir + ": " + e.getMessage(), e);
    }
    return summary;
  }

  private EnvSpec spec(ExperimentConfig cfg) {
    EnvFactory f = plugins.envs().get(cfg.env().kind());
    try (VectorEnv env = f.create(cfg.env().settings(), EnvFactory.Purpose.TRAIN, 1)) {
      return env.spec();
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  private static EpisodeDataset demonstrations(
      ExperimentConfig cfg, SftConfig sft, Map<String, Object> summary, ExperimentRunner.Console console)
      throws IOException {
    Map<String, Object> d = new LinkedHashMap<>();
    EpisodeDataset data;
    long t0 = System.nanoTime();
    if (!sft.dataset().isEmpty()) {
      try {
        data = EpisodeDataset.read(Path.of(sft.dataset()));
      } catch (IOException e) {
        throw new UserException("policy.sft.dataset: " + e.getMessage(), e);
      }
      d.put("source", sft.dataset());
    } else {
      if (!(cfg.env().settings() instanceof TabletopConfig tabletop)) {
        throw new UserException(
            "scripted experts exist for env.kind=tabletop only; for env.kind=" + cfg.env().kind()
                + " record demonstrations and set policy.sft.dataset");
      }
      int[] shown = {-1};
      ExpertDemonstrations.Result r =
          ExpertDemonstrations.collect(tabletop, sft.episodes(), sft.num_envs(), sft.noise(),
              cfg.seed(), kept -> {
                int decile = kept * 10 / sft.episodes();
                if (decile != shown[0]) {
                  shown[0] = decile;
                  console.out().print((console.terminal() ? "\r" : "") + "demonstrations: " + kept
                      + "/" + sft.episodes() + (console.terminal() ? "" : "\n"));
                }
              });
      if (console.terminal()) {
        console.out().println();
      }
      data = r.data();
      d.put("source", "scripted experts");
      d.put("noise", sft.noise());
      d.put("attempted", r.attempted());
      d.put("expert_success", r.expertSuccess());
    }
    d.put("episodes", data.episodes().size());
    d.put("steps", data.steps());
    d.put("seconds", (System.nanoTime() - t0) / 1e9);
    summary.put("demonstrations", d);
    return data;
  }

  private static SftTrainer.Progress progress(ExperimentRunner.Console console) {
    int[] shown = {-1};
    return (done, total, loss, p, aux) -> {
      int pct = done * 20 / total;
      if (pct != shown[0] || done == total) {
        shown[0] = pct;
        console.out().printf("%ssft: step %d/%d  loss %.3f  p(label) %.3f%s%s",
            console.terminal() ? "\r" : "", done, total, loss, p,
            Double.isNaN(aux) ? "" : String.format("  probe %.4f", aux),
            console.terminal() ? "" : "\n");
      }
    };
  }

  private static void save(Path runDir, VlaPolicy policy, String yaml, long seed) throws IOException {
    new CheckpointStore(runDir).save(0, dir -> {
      try (DataOutputStream out = new DataOutputStream(
          new BufferedOutputStream(Files.newOutputStream(dir.resolve(Trainer.POLICY_FILE))))) {
        policy.saveParameters(out);
      }
      Files.writeString(dir.resolve(Checkpointer.CONFIG_FILE), yaml);
      Files.writeString(dir.resolve(Checkpointer.PROVENANCE_FILE), Json.pretty(Provenance.of(seed, 0)));
    }, 1);
  }
}
