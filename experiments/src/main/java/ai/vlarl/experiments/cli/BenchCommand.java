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
    subcommands = {BenchCommand.Env.class, BenchBridgeCommand.class, BenchCommand.Policy.class,
        BenchPipelineCommand.class})
final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static void print(List<Map<String, Object>> rows) {
    rows.forEach(r -> System.out.println(Json.line(r)));
  }

  /**
   * {@code seconds} when it is a usable measuring time per row.
   *
   * @throws ai.vlarl.framework.core.UserException naming {@code --seconds} otherwise
   */
  static double positiveSeconds(double seconds) {
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new ai.vlarl.framework.core.UserException(
          "--seconds must be a positive number of seconds per row, got " + seconds);
    }
    return seconds;
  }

  /** {@code vlarl bench env}. */
  @Command(name = "env", mixinStandardHelpOptions = true,
      description = "Embedded tabletop env steps/s in state and rgb modes at N = 1, 16, 256 (random actions).")
  static final class Env implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "2", description = "measuring time per row (default: ${DEFAULT-VALUE})")
    double seconds;

    @Override
    public Integer call() {
      print(EnvBenchmark.run(positiveSeconds(seconds)));
      return 0;
    }
  }

  /** {@code vlarl bench policy}. */
  @Command(name = "policy", mixinStandardHelpOptions = true,
      description = "VLA throughput: rollout actions/s at batch 1, 16, 64 (autoregressive with the KV "
          + "cache and by recomputation, side by side; parallel chunk decoding) and learner samples/s.")
  static final class Policy implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "2", description = "measuring time per row (default: ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--image-size", defaultValue = "64", description = "camera image side (default: ${DEFAULT-VALUE})")
    int imageSize;

    @picocli.CommandLine.Parameters(paramLabel = "KEY=VALUE",
        description = "VLA config keys without the policy. prefix, e.g. size=small chunk=4 proprio=true")
    List<String> keys = new java.util.ArrayList<>();

    @Override
    public Integer call() {
      Map<String, Object> tree = new java.util.LinkedHashMap<>();
      for (String kv : keys) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new ai.vlarl.framework.core.UserException("expected KEY=VALUE, got '" + kv + "'");
        }
        tree.put(kv.substring(0, eq), new org.yaml.snakeyaml.Yaml().load(kv.substring(eq + 1)));
      }
      ai.vlarl.policies.vla.VlaConfig cfg;
      try {
        cfg = new ai.vlarl.framework.config.ConfigBinder((s, k) -> {
          throw new ai.vlarl.framework.core.UserException("no sections here");
        }).bind(ai.vlarl.policies.vla.VlaConfig.class, tree);
      } catch (RuntimeException e) {
        throw new ai.vlarl.framework.core.UserException(e.getMessage(), e);
      }
      if (imageSize < cfg.patch() || imageSize % cfg.patch() != 0) {
        throw new ai.vlarl.framework.core.UserException("--image-size must be a positive multiple of the patch size "
            + cfg.patch() + ", got " + imageSize);
      }
      print(ai.vlarl.policies.vla.VlaBenchmark.run(cfg, imageSize, 4, positiveSeconds(seconds)));
      return 0;
    }
  }
}
