package ai.vlarl.experiments.cli;

import ai.vlarl.experiments.Assembly;
import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.registry.Plugin;
import ai.vlarl.framework.run.ExperimentConfig;
import ai.vlarl.framework.run.ExperimentRunner;
import ai.vlarl.framework.run.Plugins;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vlarl config}: the resolved config, or every key with its default and meaning. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Prints the resolved experiment config (defaults filled in), or with --keys every config key.")
final class ConfigCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "experiment YAML (default: experiments/configs/default.yaml)")
  Path config;

  @Option(names = "--keys", description = "list every key of every plugin with type, default and meaning")
  boolean keys;

  @Parameters(paramLabel = "KEY=VALUE", description = "config overrides")
  List<String> overrides = new ArrayList<>();

  @Override
  public Integer call() {
    Plugins plugins = new Assembly().plugins();
    if (keys) {
      printKeys(plugins);
      return 0;
    }
    Path file = config != null ? config : Vlarl.home().resolve("experiments/configs/default.yaml");
    ExperimentConfig cfg = plugins.load(file, overrides);
    System.out.print(ExperimentRunner.toYaml(cfg));
    return 0;
  }

  private static void printKeys(Plugins plugins) {
    System.out.println("# experiment");
    ConfigBinder.describe(ExperimentConfig.class, "").forEach(System.out::println);
    section("env", plugins.envs().all());
    section("policy", plugins.policies().all());
    section("algo", plugins.algorithms().all());
  }

  private static void section(String name, Map<String, ? extends Plugin> kinds) {
    kinds.forEach((kind, p) -> {
      System.out.println();
      System.out.println("# " + name + ".kind: " + kind + " -- " + p.description());
      ConfigBinder.describe(p.configType(), name + ".").forEach(System.out::println);
    });
  }
}
