package ai.vlarl.experiments.cli;

import ai.vlarl.envs.tabletop.EnvBenchmark;
import ai.vlarl.framework.run.Json;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vlarl bench}: throughput benchmarks, one JSON object per row. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Throughput benchmarks; each prints one JSON object per row.",
    subcommands = {BenchCommand.Env.class, BenchBridgeCommand.class})
final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static void print(List<Map<String, Object>> rows) {
    rows.forEach(r -> System.out.println(Json.line(r)));
  }

  /** {@code vlarl bench env}. */
  @Command(name = "env", mixinStandardHelpOptions = true,
      description = "Embedded tabletop env steps/s in state and rgb modes at N = 1, 16, 256 (random actions).")
  static final class Env implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "2", description = "measuring time per row (default: ${DEFAULT-VALUE})")
    double seconds;

    @Override
    public Integer call() {
      print(EnvBenchmark.run(seconds));
      return 0;
    }
  }
}
