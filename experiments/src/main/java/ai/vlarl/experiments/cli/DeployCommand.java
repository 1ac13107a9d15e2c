package ai.vlarl.experiments.cli;

import ai.vlarl.experiments.Assembly;
import ai.vlarl.experiments.deploy.DeployRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vlarl deploy}. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
    description = {
      "Runs a trained policy on an arm through the safety shield and the fixed-rate control loop.",
      "Drivers: sim (the embedded tabletop), ur-rtde (Universal Robots over RTDE), remote (an arm",
      "served over ZeroMQ, e.g. Franka or xArm by robot-drivers/python). Writes report.json and",
      "interventions.jsonl to the output directory. Enter (on a terminal) or Ctrl-C e-stops."
    })
final class DeployCommand implements Callable<Integer> {
  @Option(names = "--keys", description = "list every deploy config key of every driver with type, default and meaning")
  boolean keys;

  @Option(names = "--checkpoint", paramLabel = "DIR",
      description = "a run directory (its latest checkpoint) or a checkpoint directory")
  Path checkpoint;

  @Option(names = "--driver", paramLabel = "KIND", description = "sim, ur-rtde or remote (default: the config's driver.kind, sim)")
  String driver;

  @Option(names = "--instruction", paramLabel = "TEXT",
      description = "what the policy is asked to do; on sim, only episodes saying it are run")
  String instruction;

  @Option(names = "--task", paramLabel = "NAME", description = "the task id the policy is given on a real arm (multi-task policies)")
  String task;

  @Option(names = "--dry-run", description = "compute and log commands (commands.jsonl), send no motion")
  boolean dryRun;

  @Option(names = "--max-seconds", paramLabel = "S", description = "stop after S seconds (default: 60 on real arms, none on sim)")
  Double maxSeconds;

  @Option(names = "--config", paramLabel = "FILE", description = "deploy YAML: driver, safety, loop, mapping, camera")
  Path config;

  @Option(names = "--episodes", paramLabel = "N", description = "sim: number of episodes (driver.episodes)")
  Integer episodes;

  @Option(names = "--sim-time", description = "sim: run on simulated time, as fast as the machine allows")
  boolean simTime;

  @Option(names = "--compare-eval", description = "sim: also evaluate the policy on the same episodes with the framework's evaluator")
  boolean compareEval;

  @Option(names = "--out", paramLabel = "DIR", description = "output directory (default: deploys/<driver>-<timestamp>)")
  Path out;

  @Parameters(paramLabel = "KEY=VALUE", description = "deploy config overrides, e.g. loop.policy_hz=20 safety.max_linear_speed=0.1")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() {
    if (keys) {
      System.out.print(new Assembly().deployer().keys().text());
      return 0;
    }
    if (checkpoint == null) {
      throw new ai.vlarl.framework.core.UserException("--checkpoint DIR is required (a run or checkpoint directory)");
    }
    DeployRunner.Options o = new DeployRunner.Options(checkpoint, driver, instruction, task, dryRun,
        maxSeconds, config, overrides, episodes, simTime, compareEval, out, System.out);
    Map<String, Object> r = new Assembly().deployer().run(o);
    print(r);
    return r.containsKey("error") ? 1 : 0;
  }

  @SuppressWarnings("unchecked")
  private static void print(Map<String, Object> r) {
    if (r.containsKey("success_rate")) {
      System.out.printf("deploy: success %.1f%% over %s episodes%n", 100 * (double) r.get("success_rate"), r.get("episodes"));
    }
    if (r.get("eval") instanceof Map<?, ?> e) {
      System.out.printf("eval on the same episodes: success %.1f%%%n", 100 * (double) ((Map<String, Object>) e).get("success_rate"));
    }
    Map<String, Object> loop = (Map<String, Object>) r.get("loop");
    Map<String, Object> lat = (Map<String, Object>) loop.get("policy_latency");
    System.out.printf("loop: %s steps, %s ticks at %s Hz, deadline misses %s (%.3f%%), policy latency p50 %.2f ms p99 %.2f ms%n",
        loop.get("steps"), loop.get("ticks"), loop.get("driver_hz"), loop.get("deadline_misses"),
        100 * (double) loop.get("deadline_miss_rate"), (double) lat.get("p50_ms"), (double) lat.get("p99_ms"));
    System.out.println("interventions: " + r.get("interventions"));
    if (r.containsKey("error")) {
      System.out.println("error: " + r.get("error"));
    }
  }
}
