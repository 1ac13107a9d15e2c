package ai.vlarl.framework.run;

import ai.vlarl.framework.config.ConfigBinder;
import ai.vlarl.framework.config.ConfigLoader;
import ai.vlarl.framework.core.UserException;
import ai.vlarl.framework.env.EnvFactory;
import ai.vlarl.framework.policy.PolicyFactory;
import ai.vlarl.framework.registry.Plugin;
import ai.vlarl.framework.registry.Registry;
import ai.vlarl.framework.rl.AlgorithmFactory;
import com.google.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The named plugins of an assembly (env kinds, policy kinds, algorithms), injected from the Guice
 * {@code MapBinder}s that modules contribute to, and the config loading that depends on them.
 */
public final class Plugins {
  private final Registry<EnvFactory> envs;
  private final Registry<PolicyFactory> policies;
  private final Registry<AlgorithmFactory> algorithms;

  @Inject
  public Plugins(Map<String, EnvFactory> envs, Map<String, PolicyFactory> policies,
      Map<String, AlgorithmFactory> algorithms) {
    this.envs = new Registry<>("env kind", envs);
    this.policies = new Registry<>("policy kind", policies);
    this.algorithms = new Registry<>("algorithm", algorithms);
  }

  public Registry<EnvFactory> envs() {
    return envs;
  }

  public Registry<PolicyFactory> policies() {
    return policies;
  }

  public Registry<AlgorithmFactory> algorithms() {
    return algorithms;
  }

  /** The binder that resolves {@code env}, {@code policy} and {@code algo} sections. */
  public ConfigBinder binder() {
    return new ConfigBinder(this::sectionType);
  }

  private Class<? extends Record> sectionType(String section, String kind) {
    Registry<? extends Plugin> r = switch (section) {
      case "env" -> envs;
      case "policy" -> policies;
      case "algo" -> algorithms;
      default -> throw new UserException("no plugins for config section '" + section + "'");
    };
    return r.get(kind).configType();
  }

  /** Loads, overrides and validates an experiment config. */
  public ExperimentConfig load(Path file, List<String> overrides) {
    return binder().bind(ExperimentConfig.class, ConfigLoader.load(file, overrides));
  }
}
