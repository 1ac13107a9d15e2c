package ai.vlarl.experiments.cli;

import ai.vlarl.experiments.Assembly;
import ai.vlarl.experiments.sft.SftRunner;
import ai.vlarl.experiments.sft.VlaPipeline;
import ai.vlarl.framework.run.ExperimentConfig;
import ai.vlarl.framework.run.ExperimentRunner;
import ai.vlarl.framework.run.RunDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vlarl sft}. */
@Command(name = "sft", mixinStandardHelpOptions = true,
    description = "Supervised fine-tuning of the experiment's VLA policy (policy.kind=vla) on "
        + "demonstrations: collected from the tabletop scripted experts, or read from a recorded "
        + "episode dataset (policy.sft.dataset). Writes a run directory (config.yaml, checkpoints/, "
        + "summary.json with the evaluation after SFT) that train starts from with policy.init=DIR. "
        + "With --train it then trains with PPO from there: the whole pipeline.")
final class SftCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE",
      description = "experiment YAML (default: experiments/configs/default.yaml)")
  Path config;

  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "where to write the SFT run (default: runs/<name>-<timestamp>-sft, or <train dir>-sft with --train)")
  Path runDir;

  @Option(names = "--record", paramLabel = "DIR",
      description = "also write the demonstrations there as an episode dataset (reusable with policy.sft.dataset=DIR)")
  Path record;

  @Option(names = "--train", description = "then train with PPO from the SFT checkpoint (SFT + PPO)")
  boolean train;

  @Option(names = "--train-dir", paramLabel = "DIR",
      description = "with --train: the training run directory (default: runs/<name>-<timestamp>)")
  Path trainDir;

  @Parameters(paramLabel = "KEY=VALUE",
      description = "config overrides, e.g. policy.sft.episodes=100 env.num_envs=32 (see 'vlarl config --keys')")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() {
    ExperimentRunner.Console console = new ExperimentRunner.Console(System.out, System.console() != null);
    Assembly assembly = new Assembly();
    Path file = config != null ? config : Vlarl.home().resolve("experiments/configs/default.yaml");
    ExperimentConfig cfg = assembly.plugins().load(file, overrides);
    Path train = trainDir != null ? trainDir : RunDirectory.fresh(Path.of("runs"), cfg.name());
    Path sft = runDir != null ? runDir
        : this.train ? VlaPipeline.sftDir(train) : RunDirectory.fresh(Path.of("runs"), cfg.name() + "-sft");
    requireUsable(train, sft);
    if (derivedSftDir()) {
      VlaPipeline.reclaimStopped(sft, console);
    }
    Map<String, Object> summary =
        new SftRunner(assembly.plugins(), assembly.runner()).run(cfg, sft, record, console);
    printSummary("sft", summary);
    if (this.train) {
      ExperimentConfig ppo = VlaPipeline.withInit(assembly.plugins(), cfg, sft);
      printSummary("train", assembly.runner().train(ppo, train, console));
    }
    return 0;
  }

  /**
   * Refuses, before any work (SFT takes minutes), a directory that holds something, naming the
   * option that chose it: the training run's ({@code --train-dir}) with {@code --train}, then the
   * SFT run's ({@code --run-dir}, or derived from {@code --train-dir}).
   */
  private void requireUsable(Path trainRun, Path sftRun) {
    if (this.train) {
      RunDirectory.requireUsable(trainRun, "continue that run with 'vlarl train --resume " + trainRun
          + "', or choose another --train-dir");
    }
    if (derivedSftDir()) {
      VlaPipeline.requireUsableSftDir(sftRun, "--train-dir " + trainRun,
          "'vlarl train policy.init=" + sftRun + "'", "--train-dir or --run-dir");
    } else {
      RunDirectory.requireUsable(sftRun, "choose another --run-dir");
    }
  }

  /**
   * Whether the SFT directory is the pipeline's own {@code <train-dir>-sft} (not one the user named),
   * the only kind in which a stage stopped before its checkpoint is cleared and run again.
   */
  private boolean derivedSftDir() {
    return runDir == null && this.train;
  }

  private static void printSummary(String stage, Map<String, Object> s) {
    TrainCommand.printEval(stage + " eval", s);
    System.out.println(stage + " summary: "
        + Path.of(s.get("run_dir").toString()).resolve(ExperimentRunner.SUMMARY_FILE));
  }
}
