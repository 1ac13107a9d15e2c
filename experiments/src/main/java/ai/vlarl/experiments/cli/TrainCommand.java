package ai.vlarl.experiments.cli;

import ai.vlarl.experiments.Assembly;
import ai.vlarl.experiments.sft.VlaPipeline;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.run.ExperimentConfig;
import ai.vlarl.framework.run.ExperimentRunner;
import ai.vlarl.framework.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vlarl train}. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Trains a policy, evaluates it, and writes a run directory holding config.yaml, "
        + "metrics.jsonl, checkpoints/ and summary.json. With no arguments it trains the default "
        + "experiment (experiments/configs/default.yaml). A VLA experiment without policy.init "
        + "(and policy.sft.warm_start on) runs SFT first, into <run-dir>-sft, and trains from it.")
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE",
      description = "experiment YAML (default: experiments/configs/default.yaml)")
  Path config;

  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "where to write the run (default: runs/<name>-<timestamp>); must be empty or absent")
  Path runDir;

  @Option(names = "--resume", paramLabel = "DIR",
      description = "continue the run in DIR from its latest checkpoint, or from step 0 if it stopped before its first (overrides may change e.g. train.total_steps)")
  Path resume;

  @Parameters(paramLabel = "KEY=VALUE",
      description = "config overrides, e.g. train.total_steps=20000 env.num_envs=16 seed=3 (see 'vlarl config --keys')")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() {
    ExperimentRunner.Console console = new ExperimentRunner.Console(System.out, System.console() != null);
    Assembly assembly = new Assembly();
    Map<String, Object> summary;
    if (resume != null) {
      if (config != null || runDir != null) {
        throw new UserException("--resume takes the run's own config and directory; drop --config/--run-dir");
      }
      summary = assembly.runner().resume(resume, overrides, console);
    } else {
      Path file = config != null ? config : Vlarl.home().resolve("experiments/configs/default.yaml");
      ExperimentConfig cfg = assembly.plugins().load(file, overrides);
      Path dir = runDir != null ? runDir : RunDirectory.fresh(Path.of("runs"), cfg.name());
      requireUsable(cfg, dir);
      // a VLA without policy.init: SFT first (into <dir>-sft, its own evaluation is S0), then
      // train from it; any other experiment comes back unchanged
      VlaPipeline.WarmStart warm =
          VlaPipeline.warmStart(assembly.plugins(), assembly.runner(), cfg, dir, console);
      cfg = warm.config();
      if (warm.sftSummary() != null) {
        printEval("sft eval", warm.sftSummary());
        System.out.println("sft summary: " + VlaPipeline.sftDir(dir).resolve(ExperimentRunner.SUMMARY_FILE));
      }
      summary = assembly.runner().train(cfg, dir, console);
    }
    printSummary(summary);
    return 0;
  }

  /**
   * Refuses, before any work (an SFT stage takes minutes), a run directory that holds something,
   * and the SFT directory a warm start would write when that does.
   */
  private static void requireUsable(ExperimentConfig cfg, Path dir) {
    RunDirectory.requireUsable(dir, RunDirectory.resumeAdvice(dir));
    if (VlaPipeline.wantsWarmStart(cfg)) {
      if (!Files.exists(dir)) {
        try { // made and removed again: a directory the OS will not create fails now, not after SFT
          RunDirectory.create(dir).discard();
        } catch (IOException e) {
          throw new UserException("could not remove " + dir + " after checking that it can be created: "
              + e.getMessage(), e);
        }
      }
      Path sft = VlaPipeline.sftDir(dir);
      VlaPipeline.requireUsableSftDir(sft, "--run-dir " + dir, "policy.init=" + sft, "--run-dir");
    }
  }

  private static void printSummary(Map<String, Object> s) {
    System.out.printf("trained %s env steps in %.0f s%n", s.get("env_steps"), (double) s.get("wall_seconds"));
    printEval("eval", s);
    System.out.println("summary: " + Path.of(s.get("run_dir").toString()).resolve(ExperimentRunner.SUMMARY_FILE));
  }

  /** "{@code label}: success X% over N episodes {per task}" when {@code s} holds an evaluation. */
  @SuppressWarnings("unchecked")
  static void printEval(String label, Map<String, Object> s) {
    if (s != null && s.get("eval") instanceof Map<?, ?> e) {
      Map<String, Object> m = (Map<String, Object>) e;
      System.out.printf("%s: success %.1f%% over %s episodes %s%n", label,
          100 * (double) m.get("success_rate"), m.get("episodes"), m.get("per_task"));
    }
  }
}
