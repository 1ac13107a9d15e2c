package ai.vlarl.experiments;

import ai.vlarl.envs.tabletop.TabletopModule;
import ai.vlarl.experiments.eval.EvalModule;
import ai.vlarl.experiments.deploy.DeployModule;
import ai.vlarl.experiments.deploy.DeployRunner;
import ai.vlarl.framework.FrameworkModule;
import ai.vlarl.framework.eval.EvalSuites;
import ai.vlarl.framework.run.ExperimentRunner;
import ai.vlarl.framework.run.Plugins;
import ai.vlarl.policies.PoliciesModule;
import ai.vlarl.simbridge.BridgeModule;
import com.google.inject.Guice;
import com.google.inject.Injector;

/** The Guice assembly of every module's plugins. Add a module's Guice module here to plug it in. */
public final class Assembly {
  private final Injector injector;

  public Assembly() {
    injector = Guice.createInjector(new FrameworkModule(), new TabletopModule(), new PoliciesModule(), new BridgeModule(),
        new DeployModule(), new EvalModule());
  }

  public Plugins plugins() {
    return injector.getInstance(Plugins.class);
  }

  public ExperimentRunner runner() {
    return injector.getInstance(ExperimentRunner.class);
  }

  /** The evaluation suites ({@code vlarl eval}). */
  public EvalSuites evalSuites() {
    return injector.getInstance(EvalSuites.class);
  }

  /** {@code vlarl deploy}: the plugins plus the robot drivers. */
  public DeployRunner deployer() {
    return new DeployRunner(plugins(), injector.getInstance(
        com.google.inject.Key.get(new com.google.inject.TypeLiteral<java.util.Map<String,
            ai.vlarl.drivers.DriverFactory>>() {})));
  }
}
